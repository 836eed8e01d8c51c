/**
 * Pre-commit use: `--check --staged` checks only the staged source files under
 * the paths; `--staged` without `--check` rewrites the fully staged ones and
 * stages the rewrites, and fails a partially staged file that needs changes;
 * `--check FILE...` (what the pre-commit framework and lint-staged run) checks
 * exactly the files it is given.
 */
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { IGNORED_ECHO_SOURCE, REPO_ROOT, copyFixture, removeCopies, run, snapshotTree } from "./cli-fixture.js";
import { clearGitHookEnvironment, committedFixture, git } from "./git-fixture.js";

beforeAll(clearGitHookEnvironment);
afterEach(removeCopies);

interface JsonReport {
  files: { path: string; status: string }[];
}

function reportedPaths(stdout: string): string[] {
  return (JSON.parse(stdout) as JsonReport).files.map((file) => file.path);
}

/** A committed fixture with a staged new Worker module that needs a migration, and a staged edit that needs none. */
async function withStagedFiles(): Promise<string> {
  const dir = await committedFixture({ withoutBroken: true });
  await writeFile(path.join(dir, "src/extra.ts"), IGNORED_ECHO_SOURCE);
  await appendFile(path.join(dir, "src/plain.ts"), "// staged edit\n");
  await writeFile(path.join(dir, "notes.md"), "not source\n");
  git(dir, "add", "src/extra.ts", "src/plain.ts", "notes.md");
  return dir;
}

describe("--check --staged", () => {
  it("checks only the staged source files: the unstaged src/index.ts that would change is not looked at", async () => {
    const dir = await withStagedFiles();

    const result = await run(dir, ["--check", "--staged", "--format", "json"]);

    expect(reportedPaths(result.stdout)).toEqual(["src/extra.ts", "src/plain.ts"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
  });

  it("exits 0 with nothing staged, although the work tree holds files that would change", async () => {
    const dir = await committedFixture({ withoutBroken: true });
    expect((await run(dir, ["--check"])).code).toBe(1);

    const result = await run(dir, ["--check", "--staged"]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe("0 files\n");
  });

  it("filters the staged files to the paths given", async () => {
    const dir = await withStagedFiles();
    await mkdir(path.join(dir, "legacy/src/more"), { recursive: true });
    await writeFile(path.join(dir, "legacy/src/more/extra.ts"), IGNORED_ECHO_SOURCE);
    git(dir, "add", "legacy/src/more/extra.ts");

    const legacyOnly = await run(dir, ["--check", "--staged", "--format", "json", "legacy"]);
    const oneFile = await run(dir, ["--check", "--staged", "--format", "json", "src/plain.ts"]);

    expect(reportedPaths(legacyOnly.stdout)).toEqual(["legacy/src/more/extra.ts"]);
    expect(reportedPaths(oneFile.stdout)).toEqual(["src/plain.ts"]);
    expect(oneFile.code).toBe(0);
  });

  it("resolves staged paths from a subdirectory, and reports them relative to it", async () => {
    const dir = await withStagedFiles();

    const result = await run(path.join(dir, "src"), ["--check", "--staged", "--format", "json"]);

    expect(reportedPaths(result.stdout)).toEqual(["extra.ts", "plain.ts"]);
  });

  it("leaves out staged deletions", async () => {
    const dir = await withStagedFiles();
    git(dir, "rm", "-q", "src/index.ts");

    const result = await run(dir, ["--check", "--staged", "--format", "json"]);

    expect(reportedPaths(result.stdout)).toEqual(["src/extra.ts", "src/plain.ts"]);
  });

  it("checks the staged version of a file that also has unstaged changes, and says so on stderr", async () => {
    const dir = await withStagedFiles();
    // The staged src/extra.ts needs a migration; the work tree then drops the echo without staging that.
    const extra = path.join(dir, "src/extra.ts");
    const unstagedFix = IGNORED_ECHO_SOURCE.replace(/^.*server\.close\(event\.code, event\.reason\);?\n/mu, "");
    expect(unstagedFix).not.toBe(IGNORED_ECHO_SOURCE);
    await writeFile(extra, unstagedFix);
    expect((await run(dir, ["--check", "src/extra.ts"])).code).toBe(0);

    const result = await run(dir, ["--check", "--staged", "--format", "json"]);

    expect(result.stderr).toBe(
      "note: --staged checks what is staged; these files also have unstaged changes, so their staged version is checked " +
        "(positions refer to it) and they are not written: src/extra.ts\n",
    );
    expect(result.code).toBe(1);
    const extraResult = (JSON.parse(result.stdout) as { files: { path: string; status: string; before?: string }[] }).files.find(
      (file) => file.path === "src/extra.ts",
    );
    expect(extraResult).toMatchObject({ status: "changed" });
  });

  it("passes a file whose staged version is clean, whatever its unstaged changes hold", async () => {
    const dir = await withStagedFiles();
    git(dir, "reset", "-q", "src/extra.ts");
    await appendFile(path.join(dir, "src/plain.ts"), IGNORED_ECHO_SOURCE);
    expect((await run(dir, ["--check", "src/plain.ts"])).code).toBe(1);

    const result = await run(dir, ["--check", "--staged"]);

    expect(result.code).toBe(0);
  });

  it("exits 2 outside a git work tree", async () => {
    const dir = await copyFixture({ withoutBroken: true });

    const result = await run(dir, ["--check", "--staged"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --staged needs a git work tree, and .* is not in one\n$/u);
    expect(result.stdout).toBe("");
  });

});

/** What the migration makes of `IGNORED_ECHO_SOURCE` in the fixture's auto mode: the redundant echo goes. */
const MIGRATED_ECHO_SOURCE = `export function attach(server) {
  server.accept();
  server.addEventListener("close", (event) => {});
}
`;

interface JsonFile {
  path: string;
  status: string;
  error?: string;
}

function reportedFile(stdout: string, file: string): JsonFile | undefined {
  return (JSON.parse(stdout) as { files: JsonFile[] }).files.find((entry) => entry.path === file);
}

describe("--staged without --check (a fixing pre-commit hook)", () => {
  it("rewrites the staged files whose work tree equals the index and stages exactly them, without --force", async () => {
    const dir = await withStagedFiles();
    const unstagedIndex = await readFile(path.join(dir, "src/index.ts"), "utf8");

    const result = await run(dir, ["--staged"]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe("note: staged the 1 file it rewrote (git add): src/extra.ts\n");
    expect(await readFile(path.join(dir, "src/extra.ts"), "utf8")).toBe(MIGRATED_ECHO_SOURCE);
    expect(git(dir, "show", ":src/extra.ts")).toBe(MIGRATED_ECHO_SOURCE);
    expect(git(dir, "diff", "--cached", "--name-only").split("\n").filter(Boolean)).toEqual(["notes.md", "src/extra.ts", "src/plain.ts"]);
    expect(git(dir, "diff", "--name-only")).toBe("");
    // src/index.ts would change too, but it is not staged: not looked at.
    expect(await readFile(path.join(dir, "src/index.ts"), "utf8")).toBe(unstagedIndex);
  });

  it("fails a partially staged file that needs changes, with one sentence naming it and the ways on; the others are still fixed and staged", async () => {
    const dir = await withStagedFiles();
    await writeFile(path.join(dir, "src/more.ts"), IGNORED_ECHO_SOURCE);
    git(dir, "add", "src/more.ts");
    const extra = path.join(dir, "src/extra.ts");
    const onDisk = `${IGNORED_ECHO_SOURCE}// unstaged line\n`;
    await writeFile(extra, onDisk);

    const result = await run(dir, ["--staged", "--format", "json"]);

    expect(result.code).toBe(2);
    expect(reportedFile(result.stdout, "src/extra.ts")).toMatchObject({
      status: "failed",
      error:
        "src/extra.ts is partially staged and its staged version needs changes, so it is not rewritten: stage all of it " +
        "(git add src/extra.ts) or stash the unstaged part (git stash push --keep-index), then run again",
    });
    expect(await readFile(extra, "utf8")).toBe(onDisk);
    expect(git(dir, "show", ":src/extra.ts")).toBe(IGNORED_ECHO_SOURCE);
    expect(reportedFile(result.stdout, "src/more.ts")).toMatchObject({ status: "changed" });
    expect(git(dir, "show", ":src/more.ts")).toBe(MIGRATED_ECHO_SOURCE);
    expect(result.stderr).toContain("note: staged the 1 file it rewrote (git add): src/more.ts\n");
  });

  it("passes a partially staged file whose staged version needs no change, and leaves it as it is", async () => {
    const dir = await withStagedFiles();
    git(dir, "reset", "-q", "src/extra.ts");
    const plain = path.join(dir, "src/plain.ts");
    await appendFile(plain, IGNORED_ECHO_SOURCE);
    const onDisk = await readFile(plain, "utf8");

    const result = await run(dir, ["--staged"]);

    expect(result.code).toBe(0);
    expect(await readFile(plain, "utf8")).toBe(onDisk);
    expect(git(dir, "diff", "--name-only")).toBe("src/plain.ts\n");
  });

  it("with --dry-run, shows the rewrite and what it would stage, and writes and stages nothing", async () => {
    const dir = await withStagedFiles();
    const before = await snapshotTree(dir);

    const result = await run(dir, ["--staged", "--dry-run"]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("-    server.close(event.code, event.reason);");
    expect(result.stderr).toBe("note: without --dry-run, --staged would stage the 1 file it rewrites (git add): src/extra.ts\n");
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it("with --dry-run, fails a partially staged file that needs changes as the writing run would", async () => {
    const dir = await withStagedFiles();
    await appendFile(path.join(dir, "src/extra.ts"), "// unstaged line\n");

    const result = await run(dir, ["--staged", "--dry-run", "--format", "json"]);

    expect(result.code).toBe(2);
    expect(reportedFile(result.stdout, "src/extra.ts")).toMatchObject({ status: "failed", error: expect.stringMatching(/^src\/extra\.ts is partially staged/u) });
  });

  it("exits 2 when git cannot stage the rewrites, naming the command that would", async () => {
    const dir = await withStagedFiles();
    // Another git process holds the index: `git add` cannot take its lock.
    await writeFile(path.join(dir, ".git/index.lock"), "");

    const result = await run(dir, ["--staged"]);

    expect(result.code).toBe(2);
    expect(await readFile(path.join(dir, "src/extra.ts"), "utf8")).toBe(MIGRATED_ECHO_SOURCE);
    expect(result.stderr).toMatch(/^error: rewrote 1 file but could not stage it \(git add failed: fatal: Unable to create '.*index\.lock': File exists\.\): git add src\/extra\.ts\n$/su);
  });
});

describe("--check FILE... (pre-commit framework with pass_filenames, lint-staged)", () => {
  it("checks exactly the files given, ignoring non-source files among them", async () => {
    const dir = await withStagedFiles();

    const clean = await run(dir, ["--check", "--format", "json", "src/plain.ts", "notes.md"]);
    const dirty = await run(dir, ["--check", "--format", "json", "src/plain.ts", "src/extra.ts"]);

    expect(reportedPaths(clean.stdout)).toEqual(["src/plain.ts"]);
    expect(clean.code).toBe(0);
    expect(reportedPaths(dirty.stdout)).toEqual(["src/extra.ts", "src/plain.ts"]);
    expect(dirty.code).toBe(1);
  });
});

describe(".pre-commit-hooks.yaml", () => {
  it("declares the ws-close-migrate-fix hook (rewrites) and the ws-close-migrate hook (--check): node, JS/TS files, file names passed", async () => {
    const manifest = await readFile(path.join(REPO_ROOT, ".pre-commit-hooks.yaml"), "utf8");

    expect(manifest).toMatch(/^- id: ws-close-migrate-fix\n {2}name: .*\n {2}description: .*\n {2}entry: ws-close-migrate\n/mu);

    expect(manifest).toMatch(/^- id: ws-close-migrate$/mu);
    expect(manifest).toMatch(/^ {2}entry: ws-close-migrate --check$/mu);
    expect(manifest).toMatch(/^ {2}language: node$/mu);
    expect(manifest).toMatch(/^ {2}types_or: \[javascript, jsx, ts, tsx\]$/mu);
    expect(manifest).toMatch(/^ {2}pass_filenames: true$/mu);
  });

  it("can be installed from a clone: npm install and npm pack build dist/ (prepare) and pack prints only the tarball name", async () => {
    // pre-commit installs a node hook with `npm install`, then `npm install -g $(npm pack)`: the clone has no
    // dist/, and a lifecycle banner on pack's stdout would be taken for the tarball's name.
    const manifest = JSON.parse(await readFile(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(manifest.scripts["prepare"]).toBe("npm run build");
    expect(await readFile(path.join(REPO_ROOT, ".npmrc"), "utf8")).toMatch(/^foreground-scripts=false$/mu);
  });
});

