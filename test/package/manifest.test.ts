/**
 * package.json as a user meets it: where the project lives, a build on install
 * from git, peers where the libraries declare them, every dependency used, and no
 * packed tarball committed.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULE_DOCS_BASE_URL } from "../../src/analysis/rules/rule-definition.js";
import { REPO_ROOT } from "./offline-install.js";

interface Manifest {
  name: string;
  repository: { type: string; url: string };
  homepage: string;
  bugs: { url: string };
  scripts: Record<string, string>;
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;
const manifest = readJson<Manifest>(path.join(REPO_ROOT, "package.json"));
const installed = (name: string) => readJson<{ version: string; peerDependencies?: Record<string, string> }>(path.join(REPO_ROOT, "node_modules", name, "package.json"));

/** The GitHub repository the rule docs link to: `https://github.com/OWNER/NAME`. */
const GITHUB = /^https:\/\/github\.com\/[^/]+\/[^/]+/u.exec(RULE_DOCS_BASE_URL)![0];

const trackedFiles = execFileSync("git", ["ls-files", "-z"], { cwd: REPO_ROOT, encoding: "utf8" }).split("\0").filter((file) => file !== "");
const CODE_FILE = /\.(?:[cm]?[jt]s|tsx)$/u;
const codeTexts = trackedFiles
  .filter((file) => CODE_FILE.test(file) && !file.startsWith("fixtures/") && !file.startsWith("examples/"))
  .map((file) => ({ file, text: readFileSync(path.join(REPO_ROOT, file), "utf8") }));
const otherTexts = trackedFiles
  .filter((file) => file.endsWith(".json") && file !== "package.json" && file !== "package-lock.json")
  .map((file) => ({ file, text: readFileSync(path.join(REPO_ROOT, file), "utf8") }));
/** Packages README's `npm install` commands name: the walkthrough and hook tests install them from this repository. */
const readmeInstalled = new Set(
  [...readFileSync(path.join(REPO_ROOT, "README.md"), "utf8").matchAll(/^npm install (.+)$/gmu)].flatMap(([, args]) =>
    args!.split(/\s+/u).filter((argument) => !argument.startsWith("-") && !argument.includes("/") && !argument.endsWith(".tgz")),
  ),
);
const tsconfigTypes = readJson<{ compilerOptions: { types?: string[] } }>(path.join(REPO_ROOT, "tsconfig.json")).compilerOptions.types ?? [];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/gu, "\\$&");

/**
 * Where the repository uses package `name`: files that import or require it (or a subpath), run its
 * binary from `node_modules/.bin`, or, for an `npm:` alias, name it; package.json scripts that run its
 * binary; README's `npm install` commands (the tests that run them install from this repository);
 * `tsconfig.json` `types` for an `@types/` package. `[]` when nothing does.
 */
function usesOf(name: string): string[] {
  if (name.startsWith("@types/")) {
    const typed = name.slice("@types/".length).replace(/^([^_]+)__/u, "@$1/");
    return [...(tsconfigTypes.includes(typed) ? ["tsconfig.json types"] : []), ...usesOf(typed)];
  }
  const specifier = new RegExp(`(?:\\bfrom\\s*|\\bimport\\s*\\(\\s*|\\brequire\\s*\\(\\s*|^import\\s+)["']${escape(name)}(?:/[^"']*)?["']`, "mu");
  const bins = binariesOf(name);
  const binary = new RegExp(`node_modules/(?:\\.bin/(?:${bins.map(escape).join("|") || "$^"})|${escape(name)}/)`, "u");
  const uses = codeTexts.filter(({ text }) => specifier.test(text) || binary.test(text)).map(({ file }) => file);
  const scriptRun = new RegExp(`(?:^|[\\s;&|])(?:npx\\s+)?(?:${bins.map(escape).join("|") || "$^"})\\b`, "u");
  uses.push(...Object.entries(manifest.scripts).filter(([, script]) => scriptRun.test(script)).map(([script]) => `scripts.${script}`));
  if (readmeInstalled.has(name)) uses.push("README.md npm install");
  if (manifest.devDependencies[name]?.startsWith("npm:") || manifest.dependencies[name]?.startsWith("npm:")) {
    uses.push(...otherTexts.filter(({ text }) => text.includes(`"${name}"`)).map(({ file }) => file));
  }
  return uses;
}

/** The binaries package `name` installs, as its package.json declares them. */
function binariesOf(name: string): string[] {
  try {
    const { bin } = readJson<{ bin?: string | Record<string, string> }>(path.join(REPO_ROOT, "node_modules", name, "package.json"));
    if (bin === undefined) return [];
    return typeof bin === "string" ? [name.replace(/^@[^/]+\//u, "")] : Object.keys(bin);
  } catch {
    return [];
  }
}

describe("package.json", () => {
  it("names the repository, homepage and issue tracker the rule docs link to", () => {
    expect(manifest.repository).toEqual({ type: "git", url: `git+${GITHUB}.git` });
    expect(manifest.homepage).toBe(`${GITHUB}#readme`);
    expect(manifest.bugs).toEqual({ url: `${GITHUB}/issues` });
  });

  it("builds dist/ on prepare, which npm runs for a git install, npm ci in a clone and npm pack", () => {
    expect(manifest.scripts["prepare"]).toBe("npm run build");
    expect(manifest.scripts["build"]).toMatch(/^tsc -p tsconfig\.build\.json$/u);
  });

  it("takes typescript as a peer, in typescript-eslint's range, with a dev pin inside it", () => {
    expect(manifest.dependencies["typescript"]).toBeUndefined();
    expect(manifest.peerDependencies["typescript"]).toBe(installed("typescript-eslint").peerDependencies?.["typescript"]);
    expect(manifest.devDependencies["typescript"]).toMatch(/^~6\.0\.\d+$/u);
    expect(manifest.peerDependenciesMeta["typescript"]?.optional).not.toBe(true);
  });

  it("takes eslint and jscodeshift as optional peers, each with a dev pin of the installed major", () => {
    for (const name of ["eslint", "jscodeshift"]) {
      expect(manifest.peerDependenciesMeta[name], name).toEqual({ optional: true });
      expect(manifest.devDependencies[name], name).toBeDefined();
      const major = installed(name).version.split(".")[0]!;
      expect(manifest.peerDependencies[name], name).toMatch(new RegExp(`\\^${major}\\.\\d+\\.\\d+`, "u"));
    }
  });

  it("exports the transforms, all-migrations among them", () => {
    expect(manifest.exports["./codemods/*"]).toBe("./dist/codemods/*.js");
  });

  it("finds no use of a package the repository does not use", () => {
    expect(usesOf("left-pad")).toEqual([]);
    expect(usesOf("@types/left-pad")).toEqual([]);
  });

  it.each([...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)])("uses %s", (name) => {
    expect(usesOf(name)).not.toEqual([]);
  });
});

describe("packed tarballs", () => {
  it("are ignored by git and none is committed", () => {
    expect(readFileSync(path.join(REPO_ROOT, ".gitignore"), "utf8").split("\n")).toContain("*.tgz");
    expect(trackedFiles.filter((file) => file.endsWith(".tgz"))).toEqual([]);
  });
});
