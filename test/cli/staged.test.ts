/**
 * Pre-commit use: `--check --staged` checks only the staged source files under
 * the paths, and `--check FILE...` (what the pre-commit framework and
 * lint-staged run) checks exactly the files it is given.
 */
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { IGNORED_ECHO_SOURCE, REPO_ROOT, copyFixture, removeCopies, run } from "./cli-fixture.js";
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
    expect(result.stdout).toContain("0 file(s)");
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

  it("with --force, never writes a file whose work tree differs from its staged version: it is reported as not written", async () => {
    const dir = await withStagedFiles();
    const extra = path.join(dir, "src/extra.ts");
    const onDisk = `${IGNORED_ECHO_SOURCE}// unstaged line\n`;
    await writeFile(extra, onDisk);

    const result = await run(dir, ["--staged", "--force"]);

    expect(await readFile(extra, "utf8")).toBe(onDisk);
    expect(result.stdout).toContain("! not written  src/extra.ts  (its staged version needs these changes, but it also has unstaged changes");
    expect(result.stdout).toMatch(/1 skipped/u);
  });

  it("exits 2 outside a git work tree", async () => {
    const dir = await copyFixture({ withoutBroken: true });

    const result = await run(dir, ["--check", "--staged"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --staged needs a git work tree, and .* is not in one\n$/u);
    expect(result.stdout).toBe("");
  });

  it("without --check or --dry-run is a write into a work tree with staged changes: refused unless --force", async () => {
    const dir = await withStagedFiles();

    const refused = await run(dir, ["--staged"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("A  src/extra.ts");

    const forced = await run(dir, ["--staged", "--force"]);
    expect(forced.code).toBe(0);
    expect(await readFile(path.join(dir, "src/extra.ts"), "utf8")).not.toContain("server.close(event.code, event.reason)");
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
  it("declares the ws-close-migrate hook: --check, node, JS/TS files, file names passed", async () => {
    const manifest = await readFile(path.join(REPO_ROOT, ".pre-commit-hooks.yaml"), "utf8");

    expect(manifest).toMatch(/^- id: ws-close-migrate$/mu);
    expect(manifest).toMatch(/^ {2}entry: ws-close-migrate --check$/mu);
    expect(manifest).toMatch(/^ {2}language: node$/mu);
    expect(manifest).toMatch(/^ {2}types_or: \[javascript, jsx, ts, tsx\]$/mu);
    expect(manifest).toMatch(/^ {2}pass_filenames: true$/mu);
  });

  it("can be installed from a clone: npm pack builds dist/ first and prints only the tarball name", async () => {
    // pre-commit installs a node hook with `npm install`, then `npm install -g $(npm pack)`: the clone has no
    // dist/, and a lifecycle banner on pack's stdout would be taken for the tarball's name.
    const manifest = JSON.parse(await readFile(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(manifest.scripts["prepack"]).toBe("npm run build");
    expect(await readFile(path.join(REPO_ROOT, ".npmrc"), "utf8")).toMatch(/^foreground-scripts=false$/mu);
  });
});

