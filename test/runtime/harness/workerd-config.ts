// Generates a workerd Cap'n Proto text config (schema: node_modules/workerd/workerd.capnp).
// One config holds many Worker services, each with its own compatibility date and flags
// (they are per Worker in workerd, not per process), so one workerd process serves a
// whole suite. Each listening Worker gets its own socket on 127.0.0.1, port 0: the OS
// picks a free port and workerd reports it on its control fd (see workerd-process.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** One ES module of a Worker. */
export interface WorkerModule {
  /** Path inside the service, e.g. `input.js` or `entry.js`; relative imports resolve against it. */
  path: string;
  /** JavaScript source (already transpiled). */
  source: string;
}

/** A Durable Object class of a Worker, with its namespace binding. */
export interface DurableObjectSpec {
  /** Exported class name. */
  className: string;
  /** Name of the `env` binding to the namespace; omitted: no binding. */
  binding?: string;
  /** Exposes `ctx.storage.sql` (a class listed in wrangler's `new_sqlite_classes`). */
  enableSql?: boolean;
}

/** A Worker service. */
export interface WorkerServiceSpec {
  /**
   * Unique name; also the socket name and the prefix of every module name
   * (`<name>/<module path>`), so a stack trace in workerd's log names the service.
   * Letters, digits, `.`, `_` and `-` only.
   */
  name: string;
  /** ES modules; the first is the main module. */
  modules: readonly WorkerModule[];
  /** `YYYY-MM-DD`. */
  compatibilityDate: string;
  compatibilityFlags?: readonly string[];
  /** `env` text bindings. */
  text?: Readonly<Record<string, string>>;
  /** Durable Object namespaces; when non-empty, storage is in memory (`inMemory`). */
  durableObjects?: readonly DurableObjectSpec[];
  /** Service that backs the global `fetch()`; default workerd's `internet`. */
  globalOutbound?: string;
  /**
   * Where the service listens: `"tcp"` (127.0.0.1, a port the OS picks, the default),
   * `{ unix: path }`, or `"none"` (reachable only through other services).
   */
  listen?: "tcp" | "none" | { unix: string };
}

/** A service that forwards every request to a fixed HTTP server (workerd `external`). */
export interface ExternalServiceSpec {
  name: string;
  /** KJ address, e.g. `unix:/tmp/x/backend.sock` or `127.0.0.1:8080`. */
  address: string;
}

/** What one workerd process serves. */
export interface WorkerdConfigSpec {
  workers: readonly WorkerServiceSpec[];
  externals?: readonly ExternalServiceSpec[];
}

/** The config written to disk. */
export interface WrittenWorkerdConfig {
  /** Absolute path of the `.capnp` file; its constant is named `config`. */
  configPath: string;
  /** Names of the sockets that listen on TCP (equal to their service names). */
  tcpSockets: string[];
}

const NAME_PATTERN = /^[A-Za-z0-9._-]+$/u;

/**
 * Renders `spec` as Cap'n Proto text (a constant `config :Workerd.Config`).
 * Module sources are embedded by file (`embed "modules/<service>/<path>"`), so
 * the text refers to files that {@link writeWorkerdConfig} writes beside it.
 *
 * @throws {Error} a service name or module path that is empty, duplicated or has
 *   characters other than letters, digits, `.`, `_`, `-` (and `/` in module paths),
 *   or a Worker without modules.
 */
export function renderWorkerdConfig(spec: WorkerdConfigSpec): string {
  const names = new Set<string>();
  const claim = (name: string): void => {
    if (!NAME_PATTERN.test(name)) throw new Error(`Invalid workerd service name "${name}"`);
    if (names.has(name)) throw new Error(`Duplicate workerd service name "${name}"`);
    names.add(name);
  };

  const services: string[] = [];
  const sockets: string[] = [];
  for (const worker of spec.workers) {
    claim(worker.name);
    if (worker.modules.length === 0) throw new Error(`Worker "${worker.name}" has no modules`);
    services.push(`(name = ${text(worker.name)}, worker = ${renderWorker(worker)})`);
    const listen = worker.listen ?? "tcp";
    if (listen === "none") continue;
    const address = listen === "tcp" ? "127.0.0.1:0" : `unix:${listen.unix}`;
    sockets.push(`(name = ${text(worker.name)}, address = ${text(address)}, http = (), service = ${text(worker.name)})`);
  }
  for (const external of spec.externals ?? []) {
    claim(external.name);
    services.push(`(name = ${text(external.name)}, external = (address = ${text(external.address)}, http = ()))`);
  }

  return [
    `using Workerd = import "/workerd/workerd.capnp";`,
    `const config :Workerd.Config = (`,
    `  services = [`,
    services.map((service) => `    ${service}`).join(",\n"),
    `  ],`,
    `  sockets = [`,
    sockets.map((socket) => `    ${socket}`).join(",\n"),
    `  ],`,
    `);`,
    ``,
  ].join("\n");
}

/**
 * Writes `spec` into `dir`: `config.capnp` and every module under
 * `modules/<service>/<path>`.
 *
 * @param dir an existing, empty, private directory (a fresh `mkdtemp`).
 * @returns the config path and the TCP socket names.
 * @throws {Error} as {@link renderWorkerdConfig}; file-system errors as thrown by `node:fs`.
 */
export function writeWorkerdConfig(spec: WorkerdConfigSpec, dir: string): WrittenWorkerdConfig {
  const configText = renderWorkerdConfig(spec);
  for (const worker of spec.workers) {
    for (const module of worker.modules) {
      const file = path.join(dir, moduleFile(worker.name, module.path));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, module.source);
    }
  }
  const configPath = path.join(dir, "config.capnp");
  writeFileSync(configPath, configText);
  const tcpSockets = spec.workers.filter((worker) => (worker.listen ?? "tcp") === "tcp").map((worker) => worker.name);
  return { configPath, tcpSockets };
}

function renderWorker(worker: WorkerServiceSpec): string {
  const fields: string[] = [];
  const modules = worker.modules.map((module) => {
    if (!/^[A-Za-z0-9._/-]+$/u.test(module.path) || module.path.split("/").includes("..")) {
      throw new Error(`Invalid module path "${module.path}" in Worker "${worker.name}"`);
    }
    return `(name = ${text(`${worker.name}/${module.path}`)}, esModule = embed ${text(moduleFile(worker.name, module.path))})`;
  });
  fields.push(`modules = [${modules.join(", ")}]`);
  fields.push(`compatibilityDate = ${text(worker.compatibilityDate)}`);
  if (worker.compatibilityFlags && worker.compatibilityFlags.length > 0) {
    fields.push(`compatibilityFlags = [${worker.compatibilityFlags.map(text).join(", ")}]`);
  }

  const bindings: string[] = [];
  for (const [name, value] of Object.entries(worker.text ?? {})) bindings.push(`(name = ${text(name)}, text = ${text(value)})`);
  const durableObjects = worker.durableObjects ?? [];
  for (const durableObject of durableObjects) {
    if (durableObject.binding !== undefined) {
      bindings.push(`(name = ${text(durableObject.binding)}, durableObjectNamespace = ${text(durableObject.className)})`);
    }
  }
  if (bindings.length > 0) fields.push(`bindings = [${bindings.join(", ")}]`);

  if (durableObjects.length > 0) {
    const namespaces = durableObjects.map(
      (durableObject) =>
        `(className = ${text(durableObject.className)}, uniqueKey = ${text(`${worker.name}-${durableObject.className}`)}` +
        `${durableObject.enableSql ? ", enableSql = true" : ""})`,
    );
    fields.push(`durableObjectNamespaces = [${namespaces.join(", ")}]`);
    fields.push(`durableObjectStorage = (inMemory = void)`);
  }
  if (worker.globalOutbound !== undefined) fields.push(`globalOutbound = ${text(worker.globalOutbound)}`);
  return `(${fields.join(", ")})`;
}

function moduleFile(serviceName: string, modulePath: string): string {
  return `modules/${serviceName}/${modulePath}`;
}

/** A Cap'n Proto text literal. capnp has no `\u` escape: other characters stay UTF-8. */
function text(value: string): string {
  return `"${value.replace(/[\\"]/gu, (c) => `\\${c}`).replace(/[\u0000-\u001f]/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)}"`;
}
