/**
 * The CLI refuses to write when tracked files under the paths it migrates have
 * unstaged changes (their work tree differs from the index), unless `--force`;
 * changes that are all staged are kept in the index and do not stop it (what
 * lint-staged and pre-commit hand a fixer); `--dry-run` and `--check` are never
 * refused; outside git it just writes.
 */
import { appendFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { hasUnstagedChanges, parsePorcelainStatus } from "../../src/git/unstaged-changes.js";
import { copyFixture, expectedMigratedIndex, read, removeCopies, run, snapshotTree } from "./cli-fixture.js";
import { clearGitHookEnvironment, committedFixture, git } from "./git-fixture.js";

beforeAll(clearGitHookEnvironment);
afterEach(removeCopies);

/** Adds a comment to a tracked file that needs no migration: an edit of the user's own. */
async function editPlain(dir: string): Promise<void> {
  await appendFile(path.join(dir, "src/plain.ts"), "// my own edit\n");
}

describe("a work tree with unstaged changes", () => {
  it("is refused with exit 2: nothing written, the files and the ways on named on stderr", async () => {
    const dir = await committedFixture({ withoutBroken: true });
    await editPlain(dir);
    const before = await snapshotTree(dir);

    const result = await run(dir, []);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      [
        "error: refusing to write: the git work tree here has unstaged changes to 1 tracked file under the paths to migrate:",
        "   M src/plain.ts",
        "Rewriting them would mix the tool's changes with edits git does not hold, so neither could be reviewed or undone on its own.",
        "To go on: stage them (git add; git diff then shows only the rewrites), commit or stash them, preview with --dry-run, or pass --force.",
        "",
      ].join("\n"),
    );
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it("counts every file with unstaged changes, with a plural", async () => {
    const dir = await committedFixture({ withoutBroken: true });
    await editPlain(dir);
    await appendFile(path.join(dir, "src/index.ts"), "// my own edit\n");

    const result = await run(dir, ["src"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("has unstaged changes to 2 tracked files under the paths to migrate:\n   M src/index.ts\n   M src/plain.ts\n");
  });

  it("refuses a file whose staged edit was edited again (partially staged)", async () => {
    const dir = await committedFixture({ withoutBroken: true });
    await editPlain(dir);
    git(dir, "add", "src/plain.ts");
    await appendFile(path.join(dir, "src/plain.ts"), "// and another\n");

    const result = await run(dir, ["src"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("\n  MM src/plain.ts\n");
  });

  it("is written anyway with --force", async () => {
    const dir = await committedFixture({ withoutBroken: true });
    await editPlain(dir);

    const result = await run(dir, ["--force"]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(await read(dir, "src/index.ts")).toBe(await expectedMigratedIndex());
    expect(await read(dir, "src/plain.ts")).toMatch(/\/\/ my own edit\n$/u);
  });

  it("does not stop --dry-run or --check, which write nothing", async () => {
    const dir = await committedFixture({ withoutBroken: true });
    await editPlain(dir);
    const before = await snapshotTree(dir);

    const dryRun = await run(dir, ["--dry-run"]);
    const check = await run(dir, ["--check"]);

    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain("would change  src/index.ts");
    expect(check.code).toBe(1);
    expect(dryRun.stderr + check.stderr).toBe("");
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it("only looks under the paths being migrated", async () => {
    const dir = await committedFixture({ withoutBroken: true });
    await appendFile(path.join(dir, "legacy/src/index.ts"), "// my own edit\n");

    const result = await run(dir, ["src"]);

    expect(result.code).toBe(0);
    expect(await read(dir, "src/index.ts")).toBe(await expectedMigratedIndex());
    expect((await run(dir, ["legacy"])).code).toBe(2);
  });

  it("does not count untracked files", async () => {
    const dir = await committedFixture({ withoutBroken: true });
    await writeFile(path.join(dir, "src/new-file.ts"), "export const added = true;\n");

    const result = await run(dir, []);

    expect(result.code).toBe(0);
    expect(await read(dir, "src/index.ts")).toBe(await expectedMigratedIndex());
  });

  it("lets a clean work tree be written, and the result is then the one uncommitted change", async () => {
    const dir = await committedFixture({ withoutBroken: true });

    expect((await run(dir, [])).code).toBe(0);

    expect(git(dir, "status", "--porcelain", "--untracked-files=no").split("\n").filter(Boolean).sort()).toEqual([
      " M legacy/src/index.ts",
      " M src/index.ts",
    ]);
  });
});

describe("a work tree whose changes are all staged", () => {
  it("is written: the index keeps the user's version, so git diff shows only the rewrite and git checkout undoes it", async () => {
    const dir = await committedFixture({ withoutBroken: true });
    const edited = `${await read(dir, "src/index.ts")}// my own edit\n`;
    await writeFile(path.join(dir, "src/index.ts"), edited);
    await writeFile(path.join(dir, "src/new-file.ts"), "export const added = true;\n");
    git(dir, "add", "src/index.ts", "src/new-file.ts");

    const result = await run(dir, ["src"]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(await read(dir, "src/index.ts")).toBe(`${await expectedMigratedIndex()}// my own edit\n`);
    expect(git(dir, "show", ":src/index.ts")).toBe(edited);
    expect(git(dir, "diff", "--name-only")).toBe("src/index.ts\n");
    git(dir, "checkout", "--", "src");
    expect(await read(dir, "src/index.ts")).toBe(edited);
  });
});

describe("outside a git repository", () => {
  it("writes without asking", async () => {
    const dir = await copyFixture({ withoutBroken: true });

    const result = await run(dir, []);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(await read(dir, "src/index.ts")).toBe(await expectedMigratedIndex());
  });
});

describe("hasUnstagedChanges", () => {
  it("is true when the work tree differs from the index (second letter), also for every unmerged state", () => {
    const unstaged = [" M", "MM", "AM", "RM", " D", "UU", "AA", "DD", "AU", "UA", "DU", "UD"];
    const stagedOnly = ["M ", "A ", "R ", "D ", "C "];
    expect(unstaged.filter((status) => !hasUnstagedChanges({ status, path: "a.ts" }))).toEqual([]);
    expect(stagedOnly.filter((status) => hasUnstagedChanges({ status, path: "a.ts" }))).toEqual([]);
  });
});

describe("parsePorcelainStatus", () => {
  it("reads `XY path` entries, the rename's second path, and leaves out untracked and ignored files", () => {
    expect(parsePorcelainStatus(" M a.ts\0R  new.ts\0old.ts\0?? untracked.ts\0!! ignored.ts\0A  with space.ts\0")).toEqual([
      { status: " M", path: "a.ts" },
      { status: "R ", path: "new.ts" },
      { status: "A ", path: "with space.ts" },
    ]);
  });
});
