/**
 * README's pre-commit (https://pre-commit.com) setups, end to end: a Worker
 * project in a fresh repository, README's `.pre-commit-config.yaml`,
 * `pre-commit install` and a real `git commit`.
 *
 * The remote setup names this repository on GitHub at `rev: v<version>`; here
 * `repo:` points at a local repository instead, made of this checkout's files
 * (tracked and new, not ignored: what the tag would hold) and tagged
 * `v<version>`, so pre-commit clones, builds and installs the package as it
 * would from GitHub, with npm (the npm cache first, the npm registry for what
 * it lacks). pre-commit itself comes from Debian (`apt-get install
 * pre-commit`; `.ci/run` installs it). The environment pre-commit builds is
 * kept for the file's tests, so the install is paid once.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../cli/cli-fixture.js";
import { fileContent, readmeBlock } from "./readme-hook-setups.js";
import { createHookProject, FIXED_WORKER_SOURCE, linkPackages, runCommand, WORKER_SOURCE, type HookProject } from "./hook-project.js";

const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

/** Where pre-commit keeps its clones and environments for this file's tests. */
const preCommitHome = mkdtempSync(path.join(os.tmpdir(), "ws-close-pre-commit-home-"));
/** The stand-in for this repository on GitHub (made by the first test that needs it). */
const packageRepositoryDir = mkdtempSync(path.join(os.tmpdir(), "ws-close-pre-commit-repo-"));
// pre-commit's environment holds the package and its dependencies: removing it takes longer than a default hook may.
afterAll(() => Promise.all([preCommitHome, packageRepositoryDir].map((dir) => rm(dir, { recursive: true, force: true }))), 300_000);

/** The environment of `git commit`, and so of pre-commit and the npm it runs. */
const PRE_COMMIT_ENV = {
  PRE_COMMIT_HOME: preCommitHome,
  npm_config_prefer_offline: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

/** Longest a test may take: the first one clones, builds and installs the package. */
const INSTALL_TIMEOUT_MS = 600_000;

/** This checkout's files as a repository tagged `v<version>`: what pre-commit would clone from GitHub. */
function packageRepository(): string {
  if (existsSync(path.join(packageRepositoryDir, ".git"))) return packageRepositoryDir;
  const listed = runCommand(REPO_ROOT, "git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  if (listed.code !== 0) throw new Error(`git ls-files failed in ${REPO_ROOT}:\n${listed.output}`);
  for (const file of listed.output.split("\0").filter(Boolean)) {
    const from = path.join(REPO_ROOT, file);
    if (!existsSync(from)) continue; // deleted, not yet committed
    mkdirSync(path.dirname(path.join(packageRepositoryDir, file)), { recursive: true });
    cpSync(from, path.join(packageRepositoryDir, file), { verbatimSymlinks: true });
  }
  for (const args of [["init", "-q"], ["add", "-A"], ["-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", "release"], ["tag", `v${version}`]]) {
    const { code, output } = runCommand(packageRepositoryDir, "git", args);
    if (code !== 0) throw new Error(`git ${args.join(" ")} failed:\n${output}`);
  }
  return packageRepositoryDir;
}

/**
 * Writes `config` as the project's `.pre-commit-config.yaml`, commits the project's setup (hooks skipped) and
 * runs `pre-commit install`, leaving `src/index.ts` to be staged.
 *
 * @throws Error with an install hint when `pre-commit` is not on PATH.
 */
function installPreCommit(project: HookProject, config: string): void {
  project.write(".pre-commit-config.yaml", config);
  project.git("add", "-A", ":!src");
  project.git("commit", "-q", "--no-verify", "-m", "setup");
  let installed;
  try {
    installed = project.run("pre-commit", ["install"], PRE_COMMIT_ENV);
  } catch (error) {
    throw new Error(`pre-commit is needed for this test: apt-get install -y pre-commit (.ci/run installs it). ${(error as Error).message}`);
  }
  expect(installed.output).toContain("pre-commit installed at .git/hooks/pre-commit");
}

/** README's remote config, with `repo:` pointing at the local stand-in (its `rev:` kept as README writes it). */
function remoteConfig(hookId?: string): string {
  const config = fileContent(readmeBlock("# .pre-commit-config.yaml", "rev:"));
  const local = config.replace(/^( {2}- repo: ).*$/mu, `$1${packageRepository()}`);
  expect(local).not.toBe(config);
  return hookId === undefined ? local : local.replace(/^( {6}- id: ).*$/mu, `$1${hookId}`);
}

/** A fixer hook's loop: the commit fails once with the file rewritten; staged again, it goes through. */
function expectFixThenCommit(project: HookProject): void {
  project.git("add", "src/index.ts");

  const first = project.commit("worker", PRE_COMMIT_ENV);

  expect(first.code, first.output).not.toBe(0);
  expect(first.output).toContain("- files were modified by this hook");
  expect(project.read("src/index.ts")).toBe(FIXED_WORKER_SOURCE);
  expect(project.staged("src/index.ts")).toBe(WORKER_SOURCE);
  expect(project.git("rev-list", "--count", "HEAD")).toBe("1\n");

  project.git("add", "src/index.ts");
  const second = project.commit("worker", PRE_COMMIT_ENV);

  expect(second.code, second.output).toBe(0);
  expect(project.committed("src/index.ts")).toBe(FIXED_WORKER_SOURCE);
}

describe("README's pre-commit config", () => {
  it("pins rev to this package's version tag", () => {
    const config = readmeBlock("# .pre-commit-config.yaml", "rev:");

    expect(config).toMatch(/^ {4}rev: (\S+)$/mu);
    expect(/^ {4}rev: (\S+)$/mu.exec(config)?.[1]).toBe(`v${version}`);
  });
});

describe("pre-commit with this repository's hooks, as README sets it up", () => {
  it(
    "ws-close-migrate-fix rewrites the staged Worker file and stops the commit once; staged again, the commit holds the rewrite",
    () => {
      const project = createHookProject();
      installPreCommit(project, remoteConfig());

      expectFixThenCommit(project);
    },
    INSTALL_TIMEOUT_MS,
  );

  it(
    "ws-close-migrate (check) stops the commit, naming the file and the rule, and writes nothing",
    () => {
      const project = createHookProject();
      installPreCommit(project, remoteConfig("ws-close-migrate"));
      project.git("add", "src/index.ts");

      const { code, output } = project.commit("worker", PRE_COMMIT_ENV);

      expect(code, output).not.toBe(0);
      expect(output).toMatch(/^ws-close-migrate\.+Failed$/mu);
      expect(output).toContain("src/index.ts");
      expect(output).toContain("ws-close/no-redundant-close");
      expect(project.read("src/index.ts")).toBe(WORKER_SOURCE);
      expect(project.git("rev-list", "--count", "HEAD")).toBe("1\n");
    },
    INSTALL_TIMEOUT_MS,
  );
});

describe("pre-commit with a local hook, as README sets it up", () => {
  it(
    "runs the project's own ws-close-migrate: the commit stops once with the file rewritten, then holds the rewrite",
    () => {
      const project = createHookProject();
      linkPackages(project, ["ws-close-migrate"]);
      installPreCommit(project, fileContent(readmeBlock("# .pre-commit-config.yaml", "repo: local")));

      expectFixThenCommit(project);
    },
    INSTALL_TIMEOUT_MS,
  );
});
