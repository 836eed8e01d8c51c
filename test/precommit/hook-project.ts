/**
 * A Worker project in a fresh git repository, for running the README's
 * pre-commit setups with a real `git commit`: a wrangler.jsonc in auto mode
 * (2026-05-01) and `src/index.ts` with a close reply the runtime already sent.
 * npm packages are linked from this checkout instead of installed (no
 * registry): `node_modules/<name>` points at this package or at its own
 * `node_modules/<name>`, and `node_modules/.bin` gets a shim per bin, as npm
 * would make.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../cli/cli-fixture.js";
import { createTempProject, type TempProject } from "../support/temp-project.js";

/** A Worker whose close listener echoes the peer's close: redundant in auto mode, removed by the migration. */
export const WORKER_SOURCE = `export default {
  async fetch(): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("close", (event) => {
      server.close(event.code, event.reason);
    });
    return new Response(null, { status: 101, webSocket: client });
  },
};
`;

/** `WORKER_SOURCE` as the migration leaves it. */
export const FIXED_WORKER_SOURCE = `export default {
  async fetch(): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("close", (event) => {});
    return new Response(null, { status: 101, webSocket: client });
  },
};
`;

const HOOK_VARIABLES = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"];

/** What a command printed (stdout and stderr in one string, as a terminal shows them) and its exit code. */
export interface CommandRun {
  code: number | null;
  output: string;
}

/** The Worker project and the commands the tests run in it. */
export interface HookProject extends TempProject {
  /** Runs `command args` in the project with `env` added to a clean git environment (`hookEnvironment`). */
  run(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): CommandRun;
  /** `git args` in the project; throws with git's output when it fails. */
  git(...args: string[]): string;
  /** `git commit -m message`, hooks and all; never throws. */
  commit(message: string, env?: NodeJS.ProcessEnv): CommandRun;
  /** The text of `file` in HEAD, or `null` when HEAD has no such file or there is no commit. */
  committed(file: string): string | null;
  /** The text of `file` in the index. */
  staged(file: string): string;
  /** The text of `file` in the work tree. */
  read(file: string): string;
}

/**
 * The environment of the commands the tests run: this process's, without git's hook variables (the suite
 * may run inside a hook of this repository), without system git config, with an author and committer.
 */
export function hookEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@example.com",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@example.com",
    ...extra,
  };
  for (const name of HOOK_VARIABLES) delete env[name];
  // A user's "HUSKY=0" would switch the hooks under test off.
  delete env["HUSKY"];
  return env;
}

/**
 * Runs `command args` in `cwd`; never throws on a non-zero exit.
 *
 * @throws Error when the command cannot be started (not installed).
 */
export function runCommand(cwd: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): CommandRun {
  const result = spawnSync(command, args, { cwd, env: hookEnvironment(env), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  return { code: result.status, output: result.stdout + result.stderr };
}

/**
 * A fresh repository holding `package.json`, `wrangler.jsonc`, `.gitignore` (`node_modules/`) and the
 * unstaged, uncommitted `src/index.ts` (`WORKER_SOURCE`); nothing is committed. Removed after the test.
 */
export function createHookProject(): HookProject {
  const project = createTempProject("ws-close-hook-", {
    "package.json": `${JSON.stringify({ name: "chat-worker", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
    "wrangler.jsonc": '{\n  "name": "chat-worker",\n  "main": "src/index.ts",\n  "compatibility_date": "2026-05-01"\n}\n',
    ".gitignore": "node_modules/\n",
    "src/index.ts": WORKER_SOURCE,
  });
  const run = (command: string, args: readonly string[], env?: NodeJS.ProcessEnv) => runCommand(project.root, command, args, env);
  const gitArgs = (args: readonly string[]) => ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", ...args];
  const hookProject: HookProject = {
    ...project,
    run,
    git(...args) {
      const { code, output } = run("git", gitArgs(args));
      if (code !== 0) throw new Error(`git ${args.join(" ")} failed (${code}):\n${output}`);
      return output;
    },
    commit: (message, env) => run("git", gitArgs(["commit", "-m", message]), env),
    committed(file) {
      const shown = spawnSync("git", ["show", `HEAD:${file}`], { cwd: project.root, env: hookEnvironment(), encoding: "utf8" });
      return shown.status === 0 ? shown.stdout : null;
    },
    staged: (file) => hookProject.git("show", `:${file}`),
    read: (file) => readFileSync(project.pathTo(file), "utf8"),
  };
  hookProject.git("init", "-q");
  return hookProject;
}

/**
 * Stands in for `npm install`: links each package into the project's `node_modules` (`ws-close-migrate` is
 * this checkout, with the `dist/` the test setup built; the others come from this checkout's `node_modules`)
 * and writes a `node_modules/.bin` shim for each of its bins.
 *
 * @throws Error when a package is not installed in this checkout.
 */
export function linkPackages(project: TempProject, names: readonly string[]): void {
  const binDir = project.pathTo("node_modules/.bin");
  mkdirSync(binDir, { recursive: true });
  for (const name of names) {
    const target = name === "ws-close-migrate" ? REPO_ROOT : path.join(REPO_ROOT, "node_modules", name);
    const manifest = JSON.parse(readFileSync(path.join(target, "package.json"), "utf8")) as { name: string; bin?: string | Record<string, string> };
    if (manifest.name !== name) throw new Error(`${target} holds ${manifest.name}, not ${name}`);
    mkdirSync(path.dirname(project.pathTo(`node_modules/${name}`)), { recursive: true });
    symlinkSync(target, project.pathTo(`node_modules/${name}`), "dir");
    const bins = typeof manifest.bin === "string" ? { [name]: manifest.bin } : (manifest.bin ?? {});
    for (const [bin, file] of Object.entries(bins)) {
      writeFileSync(path.join(binDir, bin), `#!/bin/sh\nexec node '${path.join(target, file)}' "$@"\n`, { mode: 0o755 });
    }
  }
}

/**
 * The package names of README's `npm install --save-dev ...` line.
 *
 * @throws Error when `commands` has no such line.
 */
export function packagesInstalledBy(commands: readonly string[]): string[] {
  const install = commands.find((command) => command.startsWith("npm install --save-dev "));
  if (install === undefined) throw new Error(`no "npm install --save-dev" among: ${commands.join("; ")}`);
  return install.slice("npm install --save-dev ".length).split(/\s+/u).filter(Boolean);
}
