/**
 * `--check` (and `--dry-run`) end with the command that writes what they
 * found: the same paths and the options that decide the migration, without
 * `--check`; running it leaves nothing for the check to find.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fixCommand } from "../../src/cli/fix-command.js";
import { shellWord } from "../../src/cli/shell-word.js";
import { createTempProject } from "../support/temp-project.js";
import { HAND_FIX_GATEWAY_SOURCE, IGNORED_ECHO_SOURCE, copyFixture, removeCopies, run } from "./cli-fixture.js";
import { clearGitHookEnvironment, committedFixture, git } from "./git-fixture.js";

beforeAll(clearGitHookEnvironment);
afterEach(removeCopies);

/** The last line of a report. */
function lastLine(stdout: string): string {
  return stdout.trimEnd().split("\n").at(-1) ?? "";
}

/** The words of a `Fix with: npx ws-close-migrate …` line after the program's name (no word here needs quoting). */
function argvOf(line: string): string[] {
  const command = line.replace(/^(?:Fix with|Write these changes with): npx ws-close-migrate/u, "").trim();
  return command === "" ? [] : command.split(" ");
}

describe("fixCommand", () => {
  it("keeps the paths and the options that decide the migration, in a fixed order", () => {
    expect(fixCommand({ paths: [] })).toBe("npx ws-close-migrate");
    expect(fixCommand({ paths: ["src/", "workers/chat"] })).toBe("npx ws-close-migrate src/ workers/chat");
    expect(
      fixCommand({
        paths: ["src"],
        staged: true,
        followSymlinks: true,
        crossModule: false,
        compatibilityDate: "2026-05-01",
        compatibilityFlags: ["web_socket_manual_reply_to_close"],
        shard: "2/4",
      }),
    ).toBe(
      "npx ws-close-migrate --staged --follow-symlinks --no-cross-module --compatibility-date 2026-05-01 --compatibility-flag web_socket_manual_reply_to_close --shard 2/4 src",
    );
  });

  it("quotes what a shell would split or expand, and puts a path that starts with - after --", () => {
    expect(shellWord("my dir/it's")).toBe("'my dir/it'\\''s'");
    expect(shellWord("src/*.ts")).toBe("'src/*.ts'");
    expect(fixCommand({ paths: ["-odd", "src"] })).toBe("npx ws-close-migrate -- -odd src");
  });
});

describe("the last line of --check", () => {
  it("is the command that fixes what it found, and running it makes the check pass", async () => {
    const dir = await copyFixture({ withoutBroken: true });

    const check = await run(dir, ["--check", "--no-cross-module", "legacy", "src"]);
    expect(check.code).toBe(1);
    expect(lastLine(check.stdout)).toBe("Fix with: npx ws-close-migrate --no-cross-module legacy src");

    const fix = await run(dir, argvOf(lastLine(check.stdout)));
    expect(fix.code).toBe(0);
    const again = await run(dir, ["--check", "--no-cross-module", "legacy", "src"]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain("Fix with");
  });

  it("keeps --compatibility-date and --compatibility-flag, and drops --check, --format, --quiet and --timings", async () => {
    const dir = await copyFixture({ withoutBroken: true });

    const check = await run(dir, ["--check", "--quiet", "--timings", "--compatibility-date", "2025-01-01", "--compatibility-flag", "web_socket_manual_reply_to_close"]);

    expect(lastLine(check.stdout)).toBe(
      "Fix with: npx ws-close-migrate --compatibility-date 2025-01-01 --compatibility-flag web_socket_manual_reply_to_close",
    );
  });

  it("keeps --staged: in a pre-commit hook, the command fixes and stages the staged files", async () => {
    const dir = await committedFixture({ withoutBroken: true });
    await writeFile(path.join(dir, "src/extra.ts"), IGNORED_ECHO_SOURCE);
    git(dir, "add", "src/extra.ts");

    const check = await run(dir, ["--check", "--staged"]);
    expect(check.code).toBe(1);
    expect(lastLine(check.stdout)).toBe("Fix with: npx ws-close-migrate --staged");

    expect((await run(dir, argvOf(lastLine(check.stdout)))).code).toBe(0);
    expect((await run(dir, ["--check", "--staged"])).code).toBe(0);
  });

  it("says when only hand fixes remain, instead of a command", async () => {
    const dir = createTempProject("ws-close-fix-command-").root;
    await writeFile(path.join(dir, "wrangler.jsonc"), '{ "main": "gateway.ts", "compatibility_date": "2026-05-01" }\n');
    // A try/catch on one line leaves no place for the half-open leg's guard: a hand fix.
    await writeFile(
      path.join(dir, "gateway.ts"),
      HAND_FIX_GATEWAY_SOURCE,
    );

    const check = await run(dir, ["--check"]);

    expect(check.code).toBe(1);
    expect(check.stdout).toContain("✖ needs a hand fix  gateway.ts\n");
    expect(check.stdout).not.toContain("Fix with");
    expect(lastLine(check.stdout)).toBe('Nothing to rewrite: 1 file needs a hand fix (marked "fix by hand" above), which the tool cannot make safely.');
  });

  it("is printed by --dry-run as the command that writes the changes, and not in a JSON report", async () => {
    const dir = await copyFixture({ withoutBroken: true });

    expect(lastLine((await run(dir, ["--dry-run", "src"])).stdout)).toBe("Write these changes with: npx ws-close-migrate src");
    expect((await run(dir, ["--check", "--format", "json"])).stdout).not.toContain("npx");
  });
});
