// Which Workers, configurations and client closes cover each transform fixture
// (fixtures/transforms/<case>/). Driven by the fixture directories: a new case is
// covered by adding its files.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { resolveCompatForFile, type CompatMode } from "../../../src/compat/index.js";
import { transformFixtures } from "../../codemods/transform-fixtures.js";
import {
  fixtureCompat,
  fixtureModules,
  packageImports,
  readDurableObjectBindings,
  siblingModules,
  workerSource,
  type FixtureCompat,
  type RuntimeCompat,
} from "./fixture-worker.js";
import { readRuntimeManifest, type DefectKind, type DefectsByClose, type RuntimeManifest } from "./runtime-manifest.js";
import type { ScenarioRun } from "./scenarios.js";
import type { DurableObjectSpec, WorkerdConfigSpec, WorkerModule, WorkerServiceSpec } from "./workerd-config.js";
import { REPO_ROOT } from "./workerd-process.js";
import type { ClientClose } from "./ws-client.js";

/** `fixtures/runtime/`: entry wrappers, backends, facts Workers. */
export const RUNTIME_FIXTURES_DIR = path.join(REPO_ROOT, "fixtures/runtime");

/** How long the proxy backend waits before answering a Close frame (fixtures/runtime/backends/). */
export const BACKEND_CLOSE_DELAY_MS = 500;

/** One Worker of a fixture: a file under one configuration. */
export interface FixtureRun {
  variant: "input" | "output";
  compat: RuntimeCompat;
}

/**
 * One conversation target of a fixture: the manifest's top-level keys, or one
 * of its `routes` (each run of the fixture is talked to once per route and close).
 */
export interface PlanRoute {
  /** The `routes` key, or `null` for a fixture without `routes` (its only route). */
  name: string | null;
  /** Path and query of the upgrade request; `undefined`: `/`. */
  path: string | undefined;
  /** First message; `undefined`: `hello`. */
  message: string | undefined;
  /** The Worker upgrades the request (manifest `upgrade`, default `true`). */
  upgrade: boolean;
  fixes: DefectsByClose;
  keeps: DefectsByClose;
  /** `client-1000` and `client-no-status`, plus `server-first` with a backend; only `client-1000` without an upgrade. */
  closes: ClientClose[];
}

/** Everything the differential test runs for one fixture. */
export interface TransformRuntimePlan {
  /** Directory name, e.g. `echo-inline-handler`. */
  name: string;
  dir: string;
  inputPath: string;
  outputPath: string;
  /** The transforms change the file (input and output differ). */
  changed: boolean;
  /** Mode the transforms saw (docs/runtime-behaviour.md#the-compatibility-date-of-a-file). */
  mode: CompatMode;
  /** Governing wrangler config. */
  configPath: string;
  manifest: RuntimeManifest;
  compat: FixtureCompat;
  /** From the wrangler config, plus the manifest's `durableObjects`. */
  durableObjects: DurableObjectSpec[];
  /**
   * `input` under `old` and under every environment, `output` under every
   * environment (for an `auto` fixture: input@old, input@new, output@new).
   */
  runs: FixtureRun[];
  /** What each run is talked to: one route, or one per manifest `routes` entry. */
  routes: PlanRoute[];
  /** Package specifiers input or output imports (e.g. `hono/cloudflare-workers`), so both run bundled; `[]` for most fixtures. */
  packages: string[];
  /** A multi-module fixture's other source files (absolute), served beside input and output alike; `[]` for most fixtures. */
  modules: string[];
  /** Why the fixture cannot run in workerd (a package is not installed), or `null` when it runs. */
  notRun: string | null;
}

/**
 * A plan for every directory of `fixtures/transforms/`.
 *
 * A fixture that imports npm packages runs bundled with them; when one is not
 * installed it gets `notRun`, so it is listed, not dropped.
 *
 * @throws {Error} a fixture without a compatibility date or with an invalid `runtime.json`.
 */
export function transformRuntimePlans(): TransformRuntimePlan[] {
  return transformFixtures().map((fixture) => {
    const dir = path.dirname(fixture.inputPath);
    const outputPath = path.join(dir, `output${path.extname(fixture.inputPath)}`);
    const resolution = resolveCompatForFile(fixture.inputPath);
    const compat = fixtureCompat(resolution, fixture.name);
    const manifest = readRuntimeManifest(dir, RUNTIME_FIXTURES_DIR);
    const configPath = resolution.configPath as string;

    const runs: FixtureRun[] = [];
    const add = (variant: FixtureRun["variant"], runCompat: RuntimeCompat): void => {
      if (!runs.some((run) => run.variant === variant && run.compat.slug === runCompat.slug)) runs.push({ variant, compat: runCompat });
    };
    add("input", compat.old);
    for (const environment of compat.environments) add("input", environment);
    for (const environment of compat.environments) add("output", environment);

    const packages = [
      ...new Set([
        ...packageImports(workerSource(fixture.inputPath, fixture.input)),
        ...packageImports(workerSource(outputPath, fixture.output)),
        ...fixture.modules.flatMap((module) => packageImports(workerSource(module.path, module.source))),
      ]),
    ].sort();
    const missing = missingPackages(packages.map((name) => manifest.packages?.[name] ?? name));
    const notRun = missing.length === 0 ? null : `imports ${packages.join(", ")}; ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not installed`;

    return {
      name: fixture.name,
      dir,
      inputPath: fixture.inputPath,
      outputPath,
      changed: fixture.input !== fixture.output,
      mode: resolution.mode,
      configPath,
      manifest,
      compat,
      durableObjects: [...readDurableObjectBindings(configPath), ...(manifest.durableObjects ?? [])],
      runs,
      routes: planRoutes(manifest),
      packages,
      modules: fixture.modules.map((module) => module.path),
      notRun,
    };
  });
}

/**
 * The routes of a fixture: one per manifest `routes` entry, in order, or the
 * manifest's top level as the only route (`name: null`).
 */
export function planRoutes(manifest: RuntimeManifest): PlanRoute[] {
  const route = (name: string | null, keys: RuntimeManifest): PlanRoute => {
    const upgrade = keys.upgrade !== false;
    return {
      name,
      path: keys.path,
      message: keys.message,
      upgrade,
      fixes: keys.fixes ?? {},
      keeps: keys.keeps ?? {},
      closes: !upgrade
        ? ["client-1000"]
        : manifest.backend === undefined
          ? ["client-1000", "client-no-status"]
          : ["client-1000", "client-no-status", "server-first"],
    };
  };
  if (manifest.routes === undefined) return [route(null, manifest)];
  return Object.entries(manifest.routes).map(([name, keys]) => route(name, keys));
}

/** Packages (of import specifiers) without `node_modules/<package>/package.json` in the repository. */
function missingPackages(specifiers: readonly string[]): string[] {
  const packageName = (specifier: string): string =>
    specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : (specifier.split("/")[0] as string);
  return [...new Set(specifiers.map(packageName))].filter((name) => !existsSync(path.join(REPO_ROOT, "node_modules", name, "package.json")));
}

/**
 * The service that runs `run` of `plan` for one route and client close; unique
 * in a config: `<fixture>[--<route>]--<variant>-<compat>--<close>`.
 */
export function fixtureServiceName(plan: TransformRuntimePlan, route: PlanRoute, run: FixtureRun, close: ClientClose): string {
  return `${plan.name}--${route.name === null ? "" : `${route.name}--`}${run.variant}-${run.compat.slug}--${close}`;
}

/** A route and close as a test names them: `client-1000`, or `ticker: client-1000`. */
export function conversationLabel(route: PlanRoute, close: ClientClose): string {
  return route.name === null ? close : `${route.name}: ${close}`;
}

/** Name of the service for a backend of `fixtures/runtime/backends/`. */
export function backendServiceName(backend: string): string {
  return `backend-${backend}`;
}

/** Defects a fixture declares for one route and client close, from `fixes` and `keeps`. */
export function declaredDefects(route: PlanRoute, close: ClientClose): { fixes: DefectKind[]; keeps: DefectKind[] } {
  return { fixes: route.fixes[close] ?? [], keeps: route.keeps[close] ?? [] };
}

/** Every conversation of the plans that run: one per (fixture, route, run, client close). */
export function transformScenarioRuns(plans: readonly TransformRuntimePlan[]): ScenarioRun[] {
  return plans
    .filter((plan) => plan.notRun === null)
    .flatMap((plan) =>
      plan.routes.flatMap((route) =>
        plan.runs.flatMap((run) =>
          route.closes.map((close) => {
            const scenario: ScenarioRun = { service: fixtureServiceName(plan, route, run, close), close };
            if (route.path !== undefined) scenario.pathname = route.path;
            if (route.message !== undefined) scenario.message = route.message;
            return scenario;
          }),
        ),
      ),
    );
}

/**
 * The workerd config for every plan that runs: one listening Worker per
 * (fixture, route, run, client close), so each conversation has its own
 * isolate, Durable Objects, state and log attribution; plus each declared
 * backend on a Unix socket in workerd's directory, reached through an
 * `external` service as the Workers' global `fetch()` (a real HTTP WebSocket leg).
 * Each fixture file is transpiled (or bundled) once, all files at once.
 *
 * @throws {Error} as {@link fixtureModules}.
 */
export async function transformWorkerdConfig(plans: readonly TransformRuntimePlan[]): Promise<WorkerdConfigSpec> {
  const running = plans.filter((plan) => plan.notRun === null);
  const workers: WorkerServiceSpec[] = [];
  const externals: { name: string; address: string }[] = [];
  const backends = new Set(running.flatMap((plan) => (plan.manifest.backend === undefined ? [] : [plan.manifest.backend])));
  for (const backend of backends) {
    const name = backendServiceName(backend);
    workers.push({
      name,
      modules: [{ path: `${backend}.js`, source: readFileSync(path.join(RUNTIME_FIXTURES_DIR, "backends", `${backend}.js`), "utf8") }],
      // Manual replies, so the backend decides when it answers a Close frame.
      compatibilityDate: "2026-01-01",
      text: { CLOSE_DELAY_MS: String(BACKEND_CLOSE_DELAY_MS) },
      listen: { unix: `${name}.sock` },
    });
    externals.push({ name: `${name}-net`, address: `unix:${name}.sock` });
  }

  const modulesByPlan = await Promise.all(
    running.map(async (plan) => {
      const entry = plan.manifest.entry === undefined ? undefined : path.join(RUNTIME_FIXTURES_DIR, "entries", `${plan.manifest.entry}.js`);
      const aliases = plan.manifest.packages ?? {};
      const siblings =
        plan.modules.length === 0 ? [] : siblingModules(plan.modules, [plan.inputPath, plan.outputPath].map((file) => workerSource(file, readFileSync(file, "utf8"))));
      const [input, output] = await Promise.all([
        fixtureModules(plan.inputPath, entry, aliases, siblings),
        fixtureModules(plan.outputPath, entry, aliases, siblings),
      ]);
      return { input, output };
    }),
  );
  running.forEach((plan, index) => {
    const modules = modulesByPlan[index] as Record<FixtureRun["variant"], WorkerModule[]>;
    for (const route of plan.routes) {
      for (const run of plan.runs) {
        for (const close of route.closes) {
          const service: WorkerServiceSpec = {
            name: fixtureServiceName(plan, route, run, close),
            modules: modules[run.variant],
            compatibilityDate: run.compat.date,
            compatibilityFlags: run.compat.flags,
            durableObjects: plan.durableObjects,
          };
          if (plan.manifest.backend !== undefined) service.globalOutbound = `${backendServiceName(plan.manifest.backend)}-net`;
          workers.push(service);
        }
      }
    }
  });
  return { workers, externals };
}
