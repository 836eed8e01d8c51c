/**
 * Installs the packed package into a fresh project without the network: from
 * the npm cache that `npm ci` filled for this repository. `npm install NAME`
 * needs each package's registry document, which `npm ci` does not always
 * cache, so the project gets a lock file cut from this repository's
 * `package-lock.json` (the packages its dependencies reach, at the paths and
 * versions this repository installs) and `npm ci --offline` installs it.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

/** One entry of a lock file's `packages` (lockfileVersion 3). */
interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  peer?: boolean;
  [field: string]: unknown;
}

interface Lock {
  name: string;
  version: string;
  lockfileVersion: number;
  requires: boolean;
  packages: Record<string, LockEntry>;
}

/** A project's package.json: what the lock's root entry repeats. */
export interface ProjectManifest {
  name: string;
  private: true;
  type?: "module";
  devDependencies: Record<string, string>;
}

/**
 * Packs this repository into `destination` with `npm pack` (without its `prepare` build: vitest's global
 * setup has just built `dist/`).
 *
 * @returns the tarball's file name (in `destination`).
 * @throws when `npm pack` fails.
 */
export async function packPackage(destination: string): Promise<string> {
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", destination], { cwd: REPO_ROOT });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error(`npm pack printed no tarball: ${stdout}`);
  return packed.filename;
}

/** The lock path a dependency `name` of the package at `from` resolves to, walking up as Node does; `undefined` when none. */
function resolveInLock(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base === "" ? "" : `${base}/`}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === "") return undefined;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut === -1 ? "" : base.slice(0, cut);
  }
}

/** What an entry needs installed beside it: dependencies, optional ones, and peers that are not optional. */
function neededNames(entry: LockEntry): { name: string; optional: boolean }[] {
  const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => !entry.peerDependenciesMeta?.[name]?.optional);
  return [
    ...Object.keys(entry.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...peers.map((name) => ({ name, optional: false })),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
  ];
}

/**
 * Writes `package.json` and a `package-lock.json` for a project in `projectDir` whose dev dependencies are
 * `manifest.devDependencies`: `tarballName` (a tarball in `projectDir`, of this package) as `file:` and the
 * others at the versions this repository's lock holds.
 *
 * @throws Error naming a dependency this repository's lock does not hold.
 */
export async function writeProjectFromRepositoryLock(projectDir: string, manifest: ProjectManifest, tarballName: string): Promise<void> {
  const repoLock = JSON.parse(await readFile(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as Lock;
  const tarball = await readFile(path.join(projectDir, tarballName));
  const self = JSON.parse(await readFile(path.join(REPO_ROOT, "package.json"), "utf8")) as LockEntry & { name: string };
  const selfPath = `node_modules/${self.name}`;
  const packages: Record<string, LockEntry> = {
    "": { name: manifest.name, devDependencies: manifest.devDependencies },
    [selfPath]: {
      version: self.version,
      resolved: `file:${tarballName}`,
      integrity: `sha512-${createHash("sha512").update(tarball).digest("base64")}`,
      dependencies: self.dependencies,
      peerDependencies: self.peerDependencies,
      peerDependenciesMeta: self.peerDependenciesMeta,
      bin: self["bin"],
      engines: self["engines"],
    },
  };
  // The repository's packages, looked up as if the project's root were the repository's.
  const lookup = { ...repoLock.packages, [selfPath]: packages[selfPath]! };
  const queue: { path: string; optional: boolean }[] = Object.keys(manifest.devDependencies).map((name) => {
    const found = resolveInLock(lookup, "", name);
    if (!found) throw new Error(`${name} is not in this repository's package-lock.json`);
    return { path: found, optional: false };
  });
  const optionalOnly = new Map<string, boolean>();
  while (queue.length > 0) {
    const { path: entryPath, optional } = queue.shift()!;
    const seen = optionalOnly.get(entryPath);
    if (seen === false || (seen === true && optional)) continue;
    optionalOnly.set(entryPath, optional);
    const entry = lookup[entryPath]!;
    for (const dependency of neededNames(entry)) {
      const found = resolveInLock(lookup, entryPath, dependency.name);
      // An optional dependency of another platform is not in the lock's tree at all.
      if (!found) {
        if (dependency.optional) continue;
        throw new Error(`${dependency.name} (needed by ${entryPath}) is not in this repository's package-lock.json`);
      }
      queue.push({ path: found, optional: optional || dependency.optional });
    }
  }
  for (const [entryPath, optional] of optionalOnly) {
    if (entryPath === selfPath) continue;
    const { dev: _dev, devOptional, optional: wasOptional, peer: _peer, ...entry } = repoLock.packages[entryPath]!;
    // A platform package stays optional, so npm skips it on another platform instead of fetching it.
    packages[entryPath] = optional || wasOptional || devOptional ? { ...entry, optional: true } : entry;
  }
  const lock: Lock = { name: manifest.name, version: "0.0.0", lockfileVersion: 3, requires: true, packages };
  await writeFile(path.join(projectDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(path.join(projectDir, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
}

/**
 * `npm ci --offline` in `projectDir`: fails instead of reaching the network when a package is not cached.
 *
 * @throws the failed command's error (with npm's output) when the install fails.
 */
export async function installOffline(projectDir: string): Promise<void> {
  await run("npm", ["ci", "--offline", "--no-audit", "--no-fund"], { cwd: projectDir });
}
