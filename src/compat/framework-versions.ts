/**
 * Which versions of the WebSocket frameworks whose close reply depends on
 * their version (`partyserver`, `agents`; docs/runtime-behaviour.md#partyserver-and-the-agents-sdk-answer-from-some-versions) a source file runs with,
 * as far as its project shows:
 *
 * 1. the nearest `package.json` walking up from the file's directory, and the
 *    range its `dependencies` or `devDependencies` ask for;
 * 2. the nearest `package-lock.json` walking up from that `package.json`
 *    (a workspace's lock sits at its root; a lock above a package that it
 *    does not list under `packages` is another project's and is ignored): the
 *    exact version installed for that package directory (`packages["<dir>/node_modules/<name>"]`, else the
 *    hoisted `packages["node_modules/<name>"]`). The lock wins.
 *
 * pnpm and yarn locks are not read (no parser for them here); the
 * `package.json` range still holds there, since every lock resolves within it.
 * A file with no `package.json`, or one that names neither package and has no
 * lock entry for it, gets no entry: the core treats that as unknown and stays
 * silent. Results are cached per directory for `COMPAT_CACHE_TTL_MS`.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse as parseJsonc, type ParseError } from "jsonc-parser";
import { COMPAT_CACHE_TTL_MS } from "./resolve-compat-for-file.js";
import type { FrameworkName, FrameworkVersions } from "./types.js";

const FRAMEWORKS: readonly FrameworkName[] = ["partyserver", "agents"];

type CacheEntry = { expiresAt: number; versions: FrameworkVersions };
const cache = new Map<string, CacheEntry>();
const PRUNE_ABOVE_ENTRIES = 500;

/** A JSON file's object, or `null` when it is missing, unreadable, or not an object. */
function readJsonObject(file: string): Record<string, unknown> | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: true });
  return errors.length === 0 && value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function findUp(directory: string, name: string): string | null {
  for (let current = directory; ; current = path.dirname(current)) {
    const candidate = path.join(current, name);
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
    if (path.dirname(current) === current) return null;
  }
}

function stringField(object: unknown, key: string): string | null {
  if (object === null || typeof object !== "object") return null;
  const value = (object as Record<string, unknown>)[key];
  return typeof value === "string" ? value : null;
}

/** The version a `package-lock.json` (v2/v3) installed for `name`, as seen from the package in `packageDir`. */
function lockedVersion(lock: Record<string, unknown>, lockDir: string, packageDir: string, name: string): string | null {
  const packages = lock["packages"];
  if (packages === null || typeof packages !== "object") return null;
  const relative = path.relative(lockDir, packageDir).split(path.sep).join("/");
  // A lock above the package covers it only when it lists it as one of its workspaces.
  if (relative !== "" && !(relative in packages)) return null;
  const keys = relative === "" ? [`node_modules/${name}`] : [`${relative}/node_modules/${name}`, `node_modules/${name}`];
  for (const key of keys) {
    const version = stringField((packages as Record<string, unknown>)[key], "version");
    if (version !== null) return version;
  }
  return null;
}

function lookUp(directory: string): FrameworkVersions {
  const versions: FrameworkVersions = {};
  const manifestPath = findUp(directory, "package.json");
  if (manifestPath === null) return versions;
  const manifest = readJsonObject(manifestPath);
  const packageDir = path.dirname(manifestPath);
  const lockPath = findUp(packageDir, "package-lock.json");
  const lock = lockPath === null ? null : readJsonObject(lockPath);
  for (const name of FRAMEWORKS) {
    const locked = lock && lockPath ? lockedVersion(lock, path.dirname(lockPath), packageDir, name) : null;
    if (locked !== null) {
      versions[name] = { range: locked, source: lockPath! };
      continue;
    }
    const declared = stringField(manifest?.["dependencies"], name) ?? stringField(manifest?.["devDependencies"], name);
    if (declared !== null) versions[name] = { range: declared, source: manifestPath };
  }
  return versions;
}

/** Options of {@link resolveFrameworkVersions}. */
export interface ResolveFrameworkVersionsOptions {
  /** Directory that a relative `filePath` resolves against; default `process.cwd()`. */
  cwd?: string;
  /** Clock in milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
}

/**
 * @param filePath the linted or rewritten source file (absolute, or relative to `cwd`); it need not exist.
 * @returns the frameworks found (see the module comment), each with the version range (an exact
 *   version when a lock file gave it) and the file it came from; `{}` when none. Never throws: an
 *   unreadable or invalid `package.json` or lock counts as absent. Shared between callers: read-only.
 */
export function resolveFrameworkVersions(filePath: string, options: ResolveFrameworkVersionsOptions = {}): FrameworkVersions {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const now = (options.now ?? Date.now)();
  const directory = path.dirname(path.resolve(cwd, filePath));
  const cached = cache.get(directory);
  if (cached !== undefined && now < cached.expiresAt) return cached.versions;
  if (cache.size > PRUNE_ABOVE_ENTRIES) {
    for (const [key, entry] of cache) if (entry.expiresAt <= now) cache.delete(key);
  }
  const versions = lookUp(directory);
  cache.set(directory, { expiresAt: now + COMPAT_CACHE_TTL_MS, versions });
  return versions;
}

/** Empties the cache of {@link resolveFrameworkVersions} (tests). */
export function clearFrameworkVersionsCache(): void {
  cache.clear();
}
