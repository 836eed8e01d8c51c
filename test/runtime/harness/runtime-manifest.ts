// The optional per-fixture harness manifest `fixtures/transforms/<case>/runtime.json`
// (documented in test/runtime/README.md).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ClientClose } from "./ws-client.js";

/**
 * A defect that code shows to a client or in the log, which a fixture declares
 * so that the differential test demands to see it (or to see it gone).
 * - `echo-of-1005`: a close handler echoes a received 1005 and `close()` throws
 *   `InvalidAccessError` (docs/runtime-behaviour.md#a-close-without-a-status-arrives-as-1005).
 * - `reserved-code-throws`: a close handler passes on a received 1006 or 1015 (a proxy
 *   forwarding the other leg's close) and `close()` throws `InvalidAccessError` (docs/runtime-behaviour.md#reserved-close-codes-throw).
 * - `custom-code-dropped`: a custom close code the handler sends on the old date
 *   never reaches the client on the new one (docs/runtime-behaviour.md#a-custom-close-code-is-never-sent-after-the-auto-reply).
 * - `lost-close-coordination`: a proxy answers the client before the backend has
 *   closed (docs/runtime-behaviour.md#proxies-lose-their-close-coordination-with-the-auto-reply).
 * - `missing-reply`: nobody answers the client's Close frame: it hangs (docs/runtime-behaviour.md#a-client-nobody-answers-hangs).
 */
export type DefectKind = "echo-of-1005" | "reserved-code-throws" | "custom-code-dropped" | "lost-close-coordination" | "missing-reply";

/** Every {@link DefectKind}. */
export const DEFECT_KINDS: readonly DefectKind[] = ["echo-of-1005", "reserved-code-throws", "custom-code-dropped", "lost-close-coordination", "missing-reply"];

/** Defects by client close. */
export type DefectsByClose = Partial<Record<ClientClose, DefectKind[]>>;

/** An extra Durable Object namespace for a module that exports only a class. */
export interface ManifestDurableObject {
  className: string;
  binding: string;
}

/**
 * What a client talks to and what it should see: the manifest's top-level keys,
 * or one entry of its `routes`.
 */
export interface RouteManifest {
  /** Path and query of the upgrade request; default `/`. */
  path?: string;
  /** Text of the message the client sends first; default `hello`. */
  message?: string;
  /** `false`: the Worker serves no WebSocket; the runs compare its answer to the upgrade request. */
  upgrade?: boolean;
  /** Defects the unmigrated input shows under the new configuration and the output no longer shows. */
  fixes?: DefectsByClose;
  /** Defects input and output both show under the new configuration (left to another rule, or to the user). */
  keeps?: DefectsByClose;
  /** Why: read by people. */
  note?: string;
}

/** Contents of `runtime.json`; every key is optional, and so is the file. */
export interface RuntimeManifest extends RouteManifest {
  /**
   * Entry wrapper `fixtures/runtime/entries/<entry>.js` for a fixture module
   * without `export default { fetch }`; it imports the fixture as `./fixture.js`.
   */
  entry?: string;
  /** Durable Object namespaces to declare besides the wrangler config's (for `entry: "durable-object"`). */
  durableObjects?: ManifestDurableObject[];
  /**
   * Backend `fixtures/runtime/backends/<backend>.js` that the Worker's global
   * `fetch()` reaches; also adds the `server-first` close (the backend closes first).
   */
  backend?: string;
  /**
   * Several conversations per run, one per route (name: kebab-case), for a
   * Worker that routes by path: each route has its own `path` (required) and
   * its own `message`, `upgrade`, `fixes`, `keeps` and `note`, which the top
   * level then must not set.
   */
  routes?: Record<string, RouteManifest>;
  /**
   * npm packages to bundle in place of the ones the fixture imports, by name:
   * `{ "partyserver": "partyserver-0.5.3" }` bundles the devDependency alias
   * `partyserver-0.5.3` (`npm:partyserver@0.5.3`) wherever the fixture imports
   * `partyserver`, so a fixture can run an older release than the installed one.
   */
  packages?: Record<string, string>;
}

/** Name of the manifest file in a fixture directory. */
export const RUNTIME_MANIFEST_FILE = "runtime.json";

const ROUTE_KEYS = ["path", "message", "upgrade", "fixes", "keeps", "note"];
const KEYS = ["entry", "durableObjects", "backend", "routes", "packages", ...ROUTE_KEYS];
const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/u;
const CLOSES: readonly string[] = ["client-1000", "client-no-status", "client-drop", "server-first"];
const NAME = /^[a-z0-9-]+$/u;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/u;

/**
 * Reads and checks `<fixtureDir>/runtime.json`.
 *
 * @param runtimeFixturesDir `fixtures/runtime/`, where entries and backends live.
 * @returns `{}` when the file does not exist.
 * @throws {Error} (naming the file) on invalid JSON, an unknown key, a value of
 *   the wrong type, an entry or backend without its file, an unknown client
 *   close or defect kind, a defect listed in both `fixes` and `keeps`, or a
 *   route without a `path` (or with `routes` and a top-level route key).
 */
export function readRuntimeManifest(fixtureDir: string, runtimeFixturesDir: string): RuntimeManifest {
  const file = path.join(fixtureDir, RUNTIME_MANIFEST_FILE);
  if (!existsSync(file)) return {};
  const fail = (detail: string): never => {
    throw new Error(`${file}: ${detail}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return fail(`invalid JSON (${(error as Error).message})`);
  }
  if (!isObject(data)) return fail("expected an object");
  for (const key of Object.keys(data)) if (!KEYS.includes(key)) fail(`unknown key "${key}" (one of ${KEYS.join(", ")})`);

  for (const [key, folder] of [
    ["entry", "entries"],
    ["backend", "backends"],
  ] as const) {
    const value = data[key];
    if (value === undefined) continue;
    if (typeof value !== "string" || !NAME.test(value)) fail(`${key} must be a kebab-case name`);
    if (!existsSync(path.join(runtimeFixturesDir, folder, `${value as string}.js`))) {
      fail(`${key} "${value as string}": no ${folder}/${value as string}.js in ${runtimeFixturesDir}`);
    }
  }

  const durableObjects = data["durableObjects"];
  if (durableObjects !== undefined) {
    if (!Array.isArray(durableObjects)) fail("durableObjects must be a list");
    for (const entry of durableObjects as unknown[]) {
      if (!isObject(entry) || typeof entry["className"] !== "string" || typeof entry["binding"] !== "string") {
        fail('each durableObjects entry needs "className" and "binding" strings');
      }
      const { className, binding } = entry as Record<string, string>;
      if (!IDENTIFIER.test(className as string) || !IDENTIFIER.test(binding as string)) fail("durableObjects names must be identifiers");
    }
  }

  const packages = data["packages"];
  if (packages !== undefined) {
    if (!isObject(packages)) fail("packages must be an object of package names");
    for (const [name, replacement] of Object.entries(packages as Record<string, unknown>)) {
      if (!PACKAGE_NAME.test(name) || typeof replacement !== "string" || !PACKAGE_NAME.test(replacement)) {
        fail(`packages: "${name}" must map to a package name`);
      }
    }
  }

  const routes = data["routes"];
  if (routes === undefined) {
    checkRoute(data, "", fail);
  } else {
    if (!isObject(routes) || Object.keys(routes).length === 0) fail("routes must be a non-empty object");
    const topLevel = ROUTE_KEYS.filter((key) => key !== "note" && data[key] !== undefined);
    if (topLevel.length > 0) fail(`with routes, set ${topLevel.join(", ")} in each route`);
    for (const [name, route] of Object.entries(routes as Record<string, unknown>)) {
      if (!NAME.test(name)) fail(`route name "${name}" must be kebab-case`);
      if (!isObject(route)) return fail(`routes.${name} must be an object`);
      for (const key of Object.keys(route)) {
        if (!ROUTE_KEYS.includes(key)) fail(`routes.${name}: unknown key "${key}" (one of ${ROUTE_KEYS.join(", ")})`);
      }
      if (route["path"] === undefined) fail(`routes.${name} needs a path`);
      checkRoute(route, `routes.${name}.`, fail);
    }
  }
  return data as RuntimeManifest;
}

/** Checks the {@link RouteManifest} keys of `data`; `prefix` names it in messages (`""` or `routes.<name>.`). */
function checkRoute(data: Record<string, unknown>, prefix: string, fail: (detail: string) => never): void {
  for (const key of ["path", "message", "note"]) {
    if (data[key] !== undefined && typeof data[key] !== "string") fail(`${prefix}${key} must be a string`);
  }
  if (typeof data["path"] === "string" && !data["path"].startsWith("/")) fail(`${prefix}path must start with /`);
  if (data["upgrade"] !== undefined && typeof data["upgrade"] !== "boolean") fail(`${prefix}upgrade must be true or false`);

  const listed = new Map<string, string>();
  for (const key of ["fixes", "keeps"]) {
    const defects = data[key];
    if (defects === undefined) continue;
    if (!isObject(defects)) fail(`${prefix}${key} must be an object`);
    for (const [close, kinds] of Object.entries(defects as Record<string, unknown>)) {
      if (!CLOSES.includes(close)) fail(`${prefix}${key}: unknown client close "${close}" (one of ${CLOSES.join(", ")})`);
      if (!Array.isArray(kinds) || kinds.length === 0) fail(`${prefix}${key}.${close} must be a non-empty list`);
      for (const kind of kinds as unknown[]) {
        if (!DEFECT_KINDS.includes(kind as DefectKind)) {
          fail(`${prefix}${key}.${close}: unknown defect "${String(kind)}" (one of ${DEFECT_KINDS.join(", ")})`);
        }
        const id = `${close}/${String(kind)}`;
        if (listed.has(id) && listed.get(id) !== key) fail(`${prefix}${String(kind)} for ${close} is in both fixes and keeps`);
        listed.set(id, key);
      }
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
