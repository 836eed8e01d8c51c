/**
 * Git helpers of the CLI suites: a committed copy of `fixtures/cli/chat-worker`
 * in a fresh repository. Git's hook variables (`GIT_DIR`, `GIT_INDEX_FILE`, ...)
 * are dropped from the environment, so the suites work even when run from a git
 * hook of the outer repository.
 */
import { execFileSync } from "node:child_process";
import { copyFixture, type CopyOptions } from "./cli-fixture.js";

const HOOK_VARIABLES = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"];

/** Removes git's hook variables from this process's environment (the in-process CLI inherits it). */
export function clearGitHookEnvironment(): void {
  for (const name of HOOK_VARIABLES) delete process.env[name];
}

/** Runs `git <args>` in `cwd`, without user or system config that could get in the way, and returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
  for (const name of HOOK_VARIABLES) delete env[name];
  return execFileSync("git", ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", ...args], { cwd, env, encoding: "utf8" });
}

/** A copy of the fixture with every file committed in a new repository: a clean work tree. */
export async function committedFixture(options: CopyOptions = {}): Promise<string> {
  const dir = await copyFixture(options);
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "fixture");
  return dir;
}
