/**
 * `--format diff`: the run's changes as one patch that `git apply` applies, and nothing else on stdout; the
 * files that failed are named on stderr, not in the patch.
 */
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyFixture, removeCopies, run, snapshotTree } from "./cli-fixture.js";

const applied: string[] = [];
afterEach(async () => {
  await removeCopies();
  await Promise.all(applied.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A second copy of `dir`, made a git repository, to apply a patch in. */
async function twin(dir: string): Promise<string> {
  const copy = await mkdtemp(path.join(os.tmpdir(), "ws-close-migrate-patch-"));
  applied.push(copy);
  await cp(dir, copy, { recursive: true });
  execFileSync("git", ["init", "-q"], { cwd: copy });
  return copy;
}

/** A tree snapshot without the repository's own files. */
function withoutGit(tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).filter(([file]) => !file.startsWith(".git/")));
}

describe("--format diff", () => {
  it("prints a patch that git apply turns into exactly what a writing run writes, and writes nothing itself", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    const before = await snapshotTree(dir);

    const dry = await run(dir, ["--dry-run", "--format", "diff"]);

    expect(dry.code).toBe(0);
    expect(await snapshotTree(dir)).toEqual(before);
    expect(dry.stdout).toMatch(/^--- a\/[^\n]+\n\+\+\+ b\//u);
    expect(dry.stdout).not.toContain("ws-close/");
    expect(dry.stderr).toBe("");

    const patched = await twin(dir);
    execFileSync("git", ["apply", "-"], { cwd: patched, input: dry.stdout });
    const written = await run(dir, ["--force"]);
    expect(written.code).toBe(0);
    expect(withoutGit(await snapshotTree(patched))).toEqual(withoutGit(await snapshotTree(dir)));
  });

  it("is empty when nothing would change", async () => {
    const dir = await copyFixture({ withoutBroken: true });
    await run(dir, ["--force"]);

    const dry = await run(dir, ["--dry-run", "--format", "diff"]);

    expect(dry).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("names a file that failed on stderr and leaves it out of the patch, with the failing exit code", async () => {
    const dir = await copyFixture();

    const dry = await run(dir, ["--dry-run", "--format", "diff"]);

    expect(dry.code).toBe(2);
    expect(dry.stdout).not.toContain("broken.ts");
    expect(dry.stdout).toContain("+++ b/src/");
    expect(dry.stderr).toMatch(/^error: src\/broken\.ts: .+\n1 file failed and is not in the patch\.\n$/u);
  });
});
