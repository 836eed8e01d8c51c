/**
 * README's husky setups, end to end: a Worker project in a fresh repository,
 * the hook installed as README says (`npx husky init`, its `.husky/pre-commit`,
 * its lint-staged config), and a real `git commit`.
 */
import { describe, expect, it } from "vitest";
import { documentedVariant, fileContent, lintStagedSetup, readmeBlock } from "./readme-hook-setups.js";
import { createHookProject, FIXED_WORKER_SOURCE, linkPackages, packagesInstalledBy, WORKER_SOURCE, type HookProject } from "./hook-project.js";

/** Longest a test may take: a few git, node and hook processes, on a loaded 2-core CI machine. */
const HOOK_TIMEOUT_MS = 120_000;

/** Runs README's install commands in a new Worker project (npm install by linking), then writes `hook` as `.husky/pre-commit`. */
function installHusky(hook: string, extra: (project: HookProject) => void = () => undefined): HookProject {
  const project = createHookProject();
  const setup = lintStagedSetup();
  linkPackages(project, packagesInstalledBy(setup.commands));
  for (const command of setup.commands.filter((line) => !line.startsWith("npm install "))) {
    const [program, ...args] = command.split(" ");
    const { code, output } = project.run(program!, args);
    expect(code, `${command}:\n${output}`).toBe(0);
  }
  project.write(".husky/pre-commit", hook);
  extra(project);
  project.git("add", "package.json", "wrangler.jsonc", ".gitignore", ".husky");
  project.git("commit", "-q", "--no-verify", "-m", "setup");
  expect(project.git("config", "core.hooksPath")).toBe(".husky/_\n");
  return project;
}

/** README's husky + lint-staged setup; `command` replaces the lint-staged task (README's check-only variant). */
function installLintStaged(command?: string): HookProject {
  const setup = lintStagedSetup();
  const lintStaged = command === undefined ? setup.lintStaged : Object.fromEntries(Object.keys(setup.lintStaged).map((glob) => [glob, command]));
  return installHusky(setup.hook, (project) => {
    const manifest = JSON.parse(project.read("package.json")) as Record<string, unknown>;
    project.write("package.json", `${JSON.stringify({ ...manifest, "lint-staged": lintStaged }, null, 2)}\n`);
  });
}

/** Asserts that the commit was refused with the finding named and nothing written or committed. */
function expectBlocked(project: HookProject, commit: { code: number | null; output: string }): void {
  expect(commit.code, commit.output).not.toBe(0);
  expect(commit.output).toContain("src/index.ts");
  expect(commit.output).toContain("ws-close/no-redundant-close");
  expect(project.git("rev-list", "--count", "HEAD")).toBe("1\n");
  expect(project.read("src/index.ts")).toBe(WORKER_SOURCE);
  expect(project.staged("src/index.ts")).toBe(WORKER_SOURCE);
}

describe("husky and lint-staged, as README sets them up", { timeout: HOOK_TIMEOUT_MS }, () => {
  it("runs ws-close-migrate on the staged Worker file, and the commit holds the rewrite", () => {
    const project = installLintStaged();
    project.git("add", "src/index.ts");

    const { code, output } = project.commit("worker");

    expect(code, output).toBe(0);
    expect(project.committed("src/index.ts")).toBe(FIXED_WORKER_SOURCE);
    expect(project.read("src/index.ts")).toBe(FIXED_WORKER_SOURCE);
    expect(project.git("status", "--porcelain")).toBe("");
  });

  it("commits the rewrite of what is staged and keeps the unstaged rest of the file in the work tree", () => {
    const project = installLintStaged();
    project.git("add", "src/index.ts");
    project.write("src/index.ts", `${WORKER_SOURCE}// not staged\n`);

    const { code, output } = project.commit("worker");

    expect(code, output).toBe(0);
    expect(project.committed("src/index.ts")).toBe(FIXED_WORKER_SOURCE);
    expect(project.read("src/index.ts")).toBe(`${FIXED_WORKER_SOURCE}// not staged\n`);
  });

  it("stops the commit when a staged file does not parse, and puts the files back as they were", () => {
    const project = installLintStaged();
    project.write("src/broken.ts", "export const = ;\n");
    project.git("add", "src/index.ts", "src/broken.ts");

    const { code, output } = project.commit("worker");

    expect(code).not.toBe(0);
    expect(output).toContain("src/broken.ts");
    expect(output).toContain("husky - pre-commit script failed");
    expect(project.git("rev-list", "--count", "HEAD")).toBe("1\n");
    expect(project.read("src/index.ts")).toBe(WORKER_SOURCE);
    expect(project.staged("src/index.ts")).toBe(WORKER_SOURCE);
  });

  it("with README's check-only task, stops the commit while the staged file needs changes, and writes nothing", () => {
    const project = installLintStaged(documentedVariant(/To block instead of fixing, use `"([^"`]+)"`/u));
    project.git("add", "src/index.ts");

    expectBlocked(project, project.commit("worker"));
  });
});

describe("husky alone with --staged, as README sets it up", { timeout: HOOK_TIMEOUT_MS }, () => {
  const hook = () => fileContent(readmeBlock("# .husky/pre-commit", "--staged"));

  it("rewrites the staged Worker file and stages the rewrite: the commit holds it", () => {
    const project = installHusky(hook());
    project.git("add", "src/index.ts");

    const { code, output } = project.commit("worker");

    expect(code, output).toBe(0);
    expect(output).toContain("note: staged the 1 file it rewrote (git add): src/index.ts");
    expect(project.committed("src/index.ts")).toBe(FIXED_WORKER_SOURCE);
    expect(project.git("status", "--porcelain")).toBe("");
  });

  it("stops the commit on a partially staged file that needs changes, says what to do, and writes nothing", () => {
    const project = installHusky(hook());
    project.git("add", "src/index.ts");
    project.write("src/index.ts", `${WORKER_SOURCE}// not staged\n`);

    const { code, output } = project.commit("worker");

    expect(code).not.toBe(0);
    expect(output).toContain(
      "src/index.ts is partially staged and its staged version needs changes, so it is not rewritten: stage all of it " +
        "(git add src/index.ts) or stash the unstaged part (git stash push --keep-index), then run again",
    );
    expect(project.git("rev-list", "--count", "HEAD")).toBe("1\n");
    expect(project.read("src/index.ts")).toBe(`${WORKER_SOURCE}// not staged\n`);
    expect(project.staged("src/index.ts")).toBe(WORKER_SOURCE);
  });

  it("with README's check-only hook, stops the commit while the staged file needs changes, and writes nothing", () => {
    const project = installHusky(`${documentedVariant(/To block instead of fixing, make the hook `([^`]+)`/u)}\n`);
    project.git("add", "src/index.ts");

    expectBlocked(project, project.commit("worker"));
  });
});
