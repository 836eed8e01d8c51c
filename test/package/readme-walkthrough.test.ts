/**
 * README's walk from install to editor, CLI and jscodeshift, in a fresh Worker
 * project: the package packed with `npm pack`, installed offline (from the npm
 * cache `npm ci` filled) with what README's install commands add, then every
 * command of README's marked walkthrough blocks (`<!-- walkthrough: NAME -->`)
 * run as written. One install for the whole file: it is the slow part.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createTempProject } from "../support/temp-project.js";
import { installOffline, packPackage, REPO_ROOT, writeProjectFromRepositoryLock } from "./offline-install.js";
import { readmeWalkthroughBlocks, shellCommands, type WalkthroughBlock } from "./readme-blocks.js";

const blocks = readmeWalkthroughBlocks();

/** README's walkthrough Worker: a 2026 date, so the echo in its close handler is redundant. */
const WRANGLER_JSONC = block("wrangler-config").text;
const INDEX_TS = block("worker").text;
const ECHO = "      server.close(event.code, event.reason);";
/** INDEX_TS migrated: the echo gone, its handler left empty, every other byte kept. */
const MIGRATED_INDEX_TS = INDEX_TS.replace(`(event) => {\n${ECHO}\n    });`, "(event) => {});");
/** Where the echo stands in INDEX_TS (1-based line:column), as ESLint reports it. */
const ECHO_POSITION = `${INDEX_TS.split("\n").indexOf(ECHO) + 1}:${ECHO.indexOf("server") + 1}`;
const work = createTempProject("ws-close-readme-walkthrough-");
/** The project sits beside the checkout, as README's `../ws-close-migrate/…tgz` has it. */
const project = path.join(work.root, "my-worker");
const packDirectory = path.join(work.root, "ws-close-migrate");
const indexPath = path.join(project, "src/index.ts");

function block(name: string): WalkthroughBlock {
  const found = blocks.get(name);
  if (!found) throw new Error(`README.md has no block marked <!-- walkthrough: ${name} -->`);
  return found;
}

interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a README command in the project through `sh`, with npm offline and no colours. */
function runCommand(command: string): Promise<CommandRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", npm_config_offline: "true", npm_config_update_notifier: "false" };
  delete env["FORCE_COLOR"];
  return new Promise((resolve) => {
    execFile("sh", ["-c", command], { cwd: project, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

const INSTALL_BLOCKS = ["install-tarball", "install-eslint", "install-jscodeshift"] as const;
const SAVE_DEV = /^npm install --save-dev (\S.*)$/u;

/** The packages README's install commands add: each by name, the tarball by its path from the project. */
function readmeInstallArguments(): string[] {
  return INSTALL_BLOCKS.flatMap((name) => shellCommands(block(name))).flatMap((command) => {
    const match = SAVE_DEV.exec(command);
    if (!match) throw new Error(`README install command is not "npm install --save-dev …": ${command}`);
    return match[1]!.split(/\s+/u);
  });
}

const isPath = (argument: string) => argument.endsWith(".tgz") || argument.startsWith(".");

let tarball = "";
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
  name: string;
  devDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

beforeAll(async () => {
  mkdirSync(packDirectory);
  tarball = await packPackage(packDirectory);
  work.write("my-worker/wrangler.jsonc", WRANGLER_JSONC);
  work.write("my-worker/src/index.ts", INDEX_TS);
  work.write("my-worker/eslint.config.js", block("eslint-config").text);
  const devDependencies: Record<string, string> = {};
  for (const argument of readmeInstallArguments()) {
    if (isPath(argument)) devDependencies[manifest.name] = `file:${argument}`;
    else if (manifest.devDependencies[argument]) devDependencies[argument] = manifest.devDependencies[argument];
    else throw new Error(`README installs ${argument}, which this repository's lock does not hold to install offline`);
  }
  const tarballFromProject = devDependencies[manifest.name]?.slice("file:".length);
  if (tarballFromProject === undefined) throw new Error("README's install commands install no tarball");
  await writeProjectFromRepositoryLock(project, { name: "my-worker", private: true, type: "module", devDependencies }, tarballFromProject);
  await installOffline(project);
}, 600_000);

describe("README walkthrough: the project", () => {
  it("has the redundant echo the walk removes", () => {
    expect(INDEX_TS.split("\n")).toContain(ECHO);
    expect(MIGRATED_INDEX_TS).not.toBe(INDEX_TS);
    expect(WRANGLER_JSONC).toMatch(/"compatibility_date": "2026-\d\d-\d\d"/u);
  });
});

describe("README walkthrough: install", () => {
  it("installs the tarball npm pack wrote, at the path README gives", () => {
    const paths = readmeInstallArguments().filter(isPath);
    expect(paths).toHaveLength(1);
    expect(path.resolve(project, paths[0]!)).toBe(path.join(packDirectory, tarball));
    expect(existsSync(path.join(project, "node_modules/ws-close-migrate/dist/codemods/all-migrations.js"))).toBe(true);
  });

  it("exports the all-migrations transform to the project as ws-close-migrate/codemods/all-migrations", async () => {
    const result = await runCommand(`node --input-type=module -e 'const m = await import("ws-close-migrate/codemods/all-migrations"); console.log(typeof m.default, m.parser)'`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("function tsx\n");
  });

  it("installs every optional peer dependency the later steps use, and the typescript peer comes along", () => {
    const names = readmeInstallArguments().filter((argument) => !isPath(argument));
    const optionalPeers = Object.entries(manifest.peerDependenciesMeta).filter(([, meta]) => meta.optional === true).map(([name]) => name);
    expect(names.sort()).toEqual(optionalPeers.sort());
    expect(existsSync(path.join(project, "node_modules/typescript/package.json"))).toBe(true);
  });
});

describe("README walkthrough: editor, CLI, jscodeshift", () => {
  it("eslint with README's config reports the redundant close where it stands", async () => {
    work.write("my-worker/src/index.ts", INDEX_TS);
    const [command, ...rest] = shellCommands(block("eslint-run"));
    expect(rest).toEqual([]);
    const result = await runCommand(command!);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain("src/index.ts");
    expect(result.stdout).toMatch(new RegExp(`^\\s+${ECHO_POSITION}\\s+error\\s.*ws-close/no-redundant-close$`, "mu"));
  }, 120_000);

  it("the CLI's dry run prints the diff and writes nothing, --check fails, the run rewrites, then --check and eslint pass", async () => {
    work.write("my-worker/src/index.ts", INDEX_TS);
    const commands = shellCommands(block("cli"));
    let rewritten = false;
    const seen = new Set<string>();
    for (const command of commands) {
      const result = await runCommand(command);
      const output = result.stdout + result.stderr;
      const kind = command.includes("--dry-run") ? "dry run" : command.includes("--check") ? (rewritten ? "check after" : "check before") : "run";
      seen.add(kind);
      if (kind === "dry run") {
        expect(result.code, `${command}\n${output}`).toBe(0);
        expect(result.stdout).toContain(`\n-${ECHO}\n`);
        expect(result.stdout).toContain('\n+    server.addEventListener("close", (event) => {});\n');
        expect(readFileSync(indexPath, "utf8"), command).toBe(INDEX_TS);
      } else if (kind === "check before") {
        expect(result.code, `${command}\n${output}`).toBe(1);
        expect(readFileSync(indexPath, "utf8"), command).toBe(INDEX_TS);
      } else if (kind === "check after") {
        expect(result.code, `${command}\n${output}`).toBe(0);
      } else {
        expect(result.code, `${command}\n${output}`).toBe(0);
        expect(readFileSync(indexPath, "utf8"), command).toBe(MIGRATED_INDEX_TS);
        rewritten = true;
      }
    }
    expect([...seen].sort()).toEqual(["check after", "check before", "dry run", "run"]);
    const eslint = await runCommand(shellCommands(block("eslint-run"))[0]!);
    expect(eslint.code, eslint.stdout + eslint.stderr).toBe(0);
  }, 120_000);

  it("jscodeshift with the all-migrations transform leaves the file as the CLI does", async () => {
    const [command, ...rest] = shellCommands(block("jscodeshift"));
    expect(rest).toEqual([]);
    expect(command).toContain(" -t node_modules/ws-close-migrate/dist/codemods/all-migrations.js ");
    work.write("my-worker/src/index.ts", INDEX_TS);
    const result = await runCommand(command!);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\b0 errors\b/u);
    const transformed = readFileSync(indexPath, "utf8");

    work.write("my-worker/src/index.ts", INDEX_TS);
    const cli = await runCommand("npx ws-close-migrate src/");
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(transformed).toBe(readFileSync(indexPath, "utf8"));
    expect(transformed).toBe(MIGRATED_INDEX_TS);
  }, 120_000);
});
