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
  workerSource,
  type FixtureCompat,
  type RuntimeCompat,
} from "./fixture-worker.js";
import { readRuntimeManifest, type DefectKind, type RuntimeManifest } from "./runtime-manifest.js";
import type { ScenarioRun } from "./scenarios.js";
import type { DurableObjectSpec, WorkerdConfigSpec, WorkerServiceSpec } from "./workerd-config.js";
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

/** Everything the differential test runs for one fixture. */
export interface TransformRuntimePlan {
  /** Directory name, e.g. `echo-inline-handler`. */
  name: string;
  dir: string;
  inputPath: string;
  outputPath: string;
  /** The transforms change the file (input and output differ). */
  changed: boolean;
  /** Mode the transforms saw (SPEC §2). */
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
  /** `client-1000` and `client-no-status`, plus `server-first` with a backend; only `client-1000` without an upgrade. */
  closes: ClientClose[];
  /** Why the fixture cannot run in workerd, or `null` when it runs. */
  notRun: string | null;
}

/**
 * A plan for every directory of `fixtures/transforms/`.
 *
 * A fixture that imports npm packages gets `notRun` (the harness serves a
 * fixture's own modules, with no bundler), so it is listed, not dropped.
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

    const closes: ClientClose[] =
      manifest.upgrade === false
        ? ["client-1000"]
        : manifest.backend === undefined
          ? ["client-1000", "client-no-status"]
          : ["client-1000", "client-no-status", "server-first"];

    const packages = [
      ...new Set([
        ...packageImports(workerSource(fixture.inputPath, fixture.input)),
        ...packageImports(workerSource(outputPath, fixture.output)),
      ]),
    ];
    const notRun = packages.length === 0 ? null : notRunReason(packages);

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
      closes,
      notRun,
    };
  });
}

function notRunReason(specifiers: readonly string[]): string {
  const packageName = (specifier: string): string =>
    specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : (specifier.split("/")[0] as string);
  const packages = [...new Set(specifiers.map(packageName))];
  const missing = packages.filter((name) => !existsSync(path.join(REPO_ROOT, "node_modules", name, "package.json")));
  return (
    `imports ${specifiers.join(", ")}; the harness serves only a fixture's own modules (no bundler)` +
    (missing.length > 0 ? `, and ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not installed` : "")
  );
}

/** The service that runs `run` of `plan` for one client close; unique in a config. */
export function fixtureServiceName(plan: TransformRuntimePlan, run: FixtureRun, close: ClientClose): string {
  return `${plan.name}--${run.variant}-${run.compat.slug}--${close}`;
}

/** Name of the service for a backend of `fixtures/runtime/backends/`. */
export function backendServiceName(backend: string): string {
  return `backend-${backend}`;
}

/** Defects a fixture declares for one client close, from `fixes` and `keeps`. */
export function declaredDefects(plan: TransformRuntimePlan, close: ClientClose): { fixes: DefectKind[]; keeps: DefectKind[] } {
  return { fixes: plan.manifest.fixes?.[close] ?? [], keeps: plan.manifest.keeps?.[close] ?? [] };
}

/** Every conversation of the plans that run: one per (fixture, run, client close). */
export function transformScenarioRuns(plans: readonly TransformRuntimePlan[]): ScenarioRun[] {
  return plans
    .filter((plan) => plan.notRun === null)
    .flatMap((plan) =>
      plan.runs.flatMap((run) =>
        plan.closes.map((close) => {
          const scenario: ScenarioRun = { service: fixtureServiceName(plan, run, close), close };
          if (plan.manifest.path !== undefined) scenario.pathname = plan.manifest.path;
          if (plan.manifest.message !== undefined) scenario.message = plan.manifest.message;
          return scenario;
        }),
      ),
    );
}

/**
 * The workerd config for every plan that runs: one listening Worker per
 * (fixture, run, client close), so each conversation has its own isolate,
 * Durable Objects, state and log attribution; plus each declared backend on a
 * Unix socket in workerd's directory, reached through an `external` service as
 * the Workers' global `fetch()` (a real HTTP WebSocket leg).
 *
 * @throws {Error} as {@link fixtureModules}.
 */
export function transformWorkerdConfig(plans: readonly TransformRuntimePlan[]): WorkerdConfigSpec {
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

  for (const plan of running) {
    const entry = plan.manifest.entry === undefined ? undefined : path.join(RUNTIME_FIXTURES_DIR, "entries", `${plan.manifest.entry}.js`);
    const modules = {
      input: fixtureModules(plan.inputPath, entry),
      output: fixtureModules(plan.outputPath, entry),
    };
    for (const run of plan.runs) {
      for (const close of plan.closes) {
        const service: WorkerServiceSpec = {
          name: fixtureServiceName(plan, run, close),
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
  return { workers, externals };
}
