/**
 * `--quiet` and `--verbose` on real runs (the report's details are in
 * `format-text.test.ts`, with findings built there).
 */
import { afterEach, describe, expect, it } from "vitest";
import { RULES_BY_ID } from "../../src/analysis/rules/index.js";
import { copyFixture, removeCopies, run } from "./cli-fixture.js";

afterEach(removeCopies);

describe("--quiet", () => {
  it("prints the files that fail --check and the summary, not the review items nor the unchanged files", async () => {
    const { stdout, code } = await run(await copyFixture({ withoutBroken: true }), ["--check", "--quiet"]);

    expect(code).toBe(1);
    expect(stdout).toContain("✖ would change  legacy/src/index.ts\n");
    expect(stdout).toContain("✖ would change  src/index.ts\n");
    expect(stdout).not.toMatch(/^ {2}\d+:\d+ {2}review/mu);
    expect(stdout).not.toContain("src/plain.ts");
    expect(stdout.trimEnd().split("\n").slice(-2)).toEqual([
      "3 files: 2 would change, 1 unchanged, 1 has findings to review (nothing written)",
      "Fix with: npx ws-close-migrate",
    ]);
  });

  it("prints the summary line alone once nothing fails, even with --dry-run", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    expect((await run(dir, ["--quiet"])).code).toBe(0);

    const { stdout, code } = await run(dir, ["--check", "--quiet", "--dry-run"]);

    expect(code).toBe(0);
    expect(stdout).toBe("3 files: 3 unchanged, 1 has findings to review\n");
  });

  it("prints a file that does not parse", async () => {
    const { stdout, code } = await run(await copyFixture(), ["--quiet"]);

    expect(code).toBe(2);
    expect(stdout).toMatch(/^✖ failed {2}src\/broken\.ts\n {2}does not parse, left as it is: /mu);
    expect(stdout).not.toContain("✔ changed");
  });

  it("cannot be combined with --verbose", async () => {
    const { stderr, code } = await run(await copyFixture(), ["--quiet", "--verbose"]);

    expect(code).toBe(2);
    expect(stderr).toBe("error: option '--quiet' cannot be used with option '--verbose' (see ws-close-migrate --help)\n");
  });
});

describe("--verbose", () => {
  it("prints each finding's docs page after its message", async () => {
    const { stdout } = await run(await copyFixture({ withoutBroken: true }), ["--check", "--verbose"]);

    const url = RULES_BY_ID.get("no-redundant-close")!.docsUrl;
    expect(stdout).toMatch(new RegExp(`^ {2}31:5 {2}would remove {2}ws-close/no-redundant-close\\n {6}.*\\n(?: {6}.*\\n)*? {6}Docs: ${url.replaceAll(".", "\\.")}$`, "mu"));
    expect(stdout).toContain(`      Docs: ${RULES_BY_ID.get("no-reserved-close-code")!.docsUrl}\n`);
  });

  it("prints each finding's explanation, with the long compat phrase, between its short message and its docs page", async () => {
    const { stdout } = await run(await copyFixture({ withoutBroken: true }), ["--check", "--verbose"]);

    const lines = stdout.split("\n");
    const at = lines.findIndex((line) => line.startsWith("  31:5  would remove  ws-close/no-redundant-close"));
    expect(lines[at + 1]).toMatch(/^ {6}`server\.close\(event\.code, event\.reason\)` does nothing: .* \(auto: wrangler\.jsonc 2026-05-01\)\.$/u);
    expect(lines[at + 2]).toContain(
      "before this close handler ran (compatibility_date 2026-05-01 in wrangler.jsonc; auto reply to Close frames is on from compatibility date 2026-04-07). " +
        "It also throws InvalidAccessError when the peer closed without a status code (1005)",
    );
    expect(lines[at + 3]).toBe(`      Docs: ${RULES_BY_ID.get("no-redundant-close")!.docsUrl}`);
  });
});
