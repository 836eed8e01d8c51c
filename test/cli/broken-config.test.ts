/**
 * A broken wrangler config in a real project: headed as broken with its
 * file:line:column, one sentence in the tool's words (the parser's own with
 * --verbose), its files listed as skipped, exit 2, nothing written; the JSON
 * report carries the same as `brokenConfig`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTempProject } from "../support/temp-project.js";
import { run, snapshotTree } from "./cli-fixture.js";

const ECHO_WORKER = `export default {
  fetch(): Response {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("close", (event) => {
      server.close(event.code, event.reason);
    });
    return new Response(null, { status: 101, webSocket: client });
  },
};
`;

/** An unquoted date with a stray quote: smol-toml fails at line 3, column 32. */
const BROKEN_TOML = 'name = "a"\nmain = "src/index.ts"\ncompatibility_date = 2026-05-01"\n';
/** A missing comma before line 5. */
const BROKEN_JSONC = '{\n  "name": "b",\n  "main": "src/index.ts",\n  "compatibility_date": "2026-05-01"\n  "compatibility_flags": []\n}\n';

function project(): string {
  return createTempProject("ws-close-broken-config-", {
    "a/wrangler.toml": BROKEN_TOML,
    "a/src/index.ts": ECHO_WORKER,
    "a/src/room.ts": ECHO_WORKER,
    "b/wrangler.jsonc": BROKEN_JSONC,
    "b/src/index.ts": ECHO_WORKER,
  }).root;
}

describe("a broken wrangler config", () => {
  it("is headed as broken, at file:line:column, in the tool's words, with its files listed as skipped", async () => {
    const dir = project();
    const before = await snapshotTree(dir);

    const result = await run(dir, ["--check"]);

    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      "Broken config · a/wrangler.toml:3:32\n" +
        "  Not valid TOML here, so its Worker's compatibility date and flags cannot be read.\n" +
        "  Skipped 2 files: a/src/index.ts, a/src/room.ts\n",
    );
    expect(result.stdout).toContain(
      "Broken config · b/wrangler.jsonc:5:3\n" +
        "  Not valid JSONC here, so its Worker's compatibility date and flags cannot be read.\n" +
        "  Skipped 1 file: b/src/index.ts\n",
    );
    // Neither the parsers' wording nor the old "no config" heading.
    expect(result.stdout).not.toMatch(/key-value declaration|CommaExpected|no wrangler config|Invalid TOML|Invalid JSONC/iu);
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe("3 files: 3 skipped for 2 broken configs");
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it("gives the parser's own words with --verbose", async () => {
    const { stdout } = await run(project(), ["--check", "--verbose"]);

    expect(stdout).toContain("  parser: each key-value declaration must be followed by an end-of-line\n");
    expect(stdout).toContain("  parser: CommaExpected\n");
  });

  it("is a failure --quiet prints", async () => {
    const { stdout } = await run(project(), ["--check", "--quiet"]);

    expect(stdout).toContain("Broken config · a/wrangler.toml:3:32\n");
    expect(stdout).toContain("Broken config · b/wrangler.jsonc:5:3\n");
  });

  it("is described in the JSON report as brokenConfig, with its position and the parser's words", async () => {
    const dir = project();
    const { stdout, code } = await run(dir, ["--format", "json", "--check"]);
    const report = JSON.parse(stdout) as { written: boolean; files: { path: string; status: string; error: string; brokenConfig: unknown }[] };

    expect(code).toBe(2);
    expect(report.written).toBe(false);
    const file = report.files.find((candidate) => candidate.path === "b/src/index.ts")!;
    expect(file.status).toBe("failed");
    // The error names the config relative to the process's directory (absolute here: the test runs in-process).
    expect(file.error).toMatch(/(?:^|\/)b\/wrangler\.jsonc:5:3: Not valid JSONC here, so its Worker's compatibility date and flags cannot be read$/u);
    expect(file.brokenConfig).toEqual({
      path: "b/wrangler.jsonc",
      line: 5,
      column: 3,
      problem: "Not valid JSONC here, so its Worker's compatibility date and flags cannot be read",
      parserMessage: "CommaExpected",
      relation: "governs",
    });
    expect(readFileSync(path.join(dir, "b/src/index.ts"), "utf8")).toBe(ECHO_WORKER);
  });
});
