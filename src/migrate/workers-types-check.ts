/**
 * docs/rules/require-allow-half-open.md#type-checking: a rewrite that adds `accept({ allowHalfOpen: true })` checks the
 * project's `@cloudflare/workers-types`. The option is typed from 4.20260312.1;
 * with older types, `WebSocket.accept()` takes no argument and the rewritten
 * code stops type-checking, so the CLI warns.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** The first `@cloudflare/workers-types` version whose `WebSocket.accept()` takes `{ allowHalfOpen }`. */
export const ALLOW_HALF_OPEN_TYPES_VERSION = "4.20260312.1";

const WORKERS_TYPES_MANIFEST = path.join("node_modules", "@cloudflare", "workers-types", "package.json");

/** An installed copy of `@cloudflare/workers-types`. */
export interface InstalledWorkersTypes {
  /** Absolute path of its `package.json`. */
  packageJsonPath: string;
  /** Its `version` field, or `null` when the manifest has none or cannot be read. */
  version: string | null;
}

/**
 * Reads `major.minor.patch` numerically (workers-types' minor is a date, `4.20260312.1`).
 * A pre-release or build suffix is ignored.
 *
 * @returns the three numbers, or `null` for anything else.
 */
export function parseVersion(version: string): [number, number, number] | null {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/u.exec(version.trim());
  if (!match) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/**
 * Compares two versions numerically: major, then the date-like minor, then patch.
 *
 * @returns a negative number when `a` is older than `b`, 0 when equal, positive when newer;
 *   `null` when either does not parse.
 */
export function compareVersions(a: string, b: string): number | null {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (!left || !right) return null;
  for (let index = 0; index < 3; index++) {
    const difference = left[index]! - right[index]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Finds the `@cloudflare/workers-types` a source file resolves, as Node does:
 * `node_modules/@cloudflare/workers-types/package.json` in the file's directory,
 * then in each parent directory.
 *
 * @param filePath absolute path of the source file.
 * @returns the nearest installation, or `null` when none is installed.
 */
export function findInstalledWorkersTypes(filePath: string): InstalledWorkersTypes | null {
  let dir = path.dirname(path.resolve(filePath));
  for (;;) {
    const candidate = path.join(dir, WORKERS_TYPES_MANIFEST);
    if (existsSync(candidate)) return { packageJsonPath: candidate, version: readVersion(candidate) };
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function readVersion(packageJsonPath: string): string | null {
  try {
    const manifest = JSON.parse(readFileSync(packageJsonPath, "utf8")) as { version?: unknown };
    return typeof manifest.version === "string" ? manifest.version : null;
  } catch {
    return null;
  }
}

/**
 * The warning for an installed copy that is older than
 * {@link ALLOW_HALF_OPEN_TYPES_VERSION}.
 *
 * @param installed the copy `findInstalledWorkersTypes` found.
 * @param where how to show its `package.json` path (relative to the working directory).
 * @returns the warning, or `null` when the types are new enough or their version cannot be read
 *   (the CLI says nothing it cannot prove).
 */
export function workersTypesWarning(installed: InstalledWorkersTypes, where: string): string | null {
  if (installed.version === null) return null;
  const order = compareVersions(installed.version, ALLOW_HALF_OPEN_TYPES_VERSION);
  if (order === null || order >= 0) return null;
  return (
    `@cloudflare/workers-types ${installed.version} (${where}) is older than ${ALLOW_HALF_OPEN_TYPES_VERSION}: ` +
    "`accept({ allowHalfOpen: true })` is typed from that version, so the rewritten code would stop type-checking. " +
    `Update it (npm install --save-dev @cloudflare/workers-types@^${ALLOW_HALF_OPEN_TYPES_VERSION}).`
  );
}
