/**
 * The mode of each source file of a run over many Workers (docs/runtime-behaviour.md#environments-replace-the-top-level-date-and-flags, issue 6
 * "Many Workers"): a file reached from Workers' `main` through imports runs
 * under every environment of every one of them; a file no `main` reaches falls
 * back to the nearest config (`resolveCompatForFile`), as a single Worker does.
 *
 * The CLI uses this; the ESLint rules keep the nearest-config rule
 * (`resolveCompatForFile`): a rule sees one file at a time in a long-lived
 * process, where a whole-project import graph would have to be rebuilt
 * whenever any file changes. Projects that share code between Workers of
 * different modes pin the rules with `settings["ws-close"]` (README, Monorepos).
 */
import path from "node:path";
import { ModuleResolver } from "./module-resolver.js";
import { readWranglerConfig } from "./read-wrangler-config.js";
import { combineModes, resolveCompatMode } from "./resolve-compat-mode.js";
import { resolveCompatForFile } from "./resolve-compat-for-file.js";
import { originsOf, recordOrigins } from "./resolution-origins.js";
import type { CompatOverrides, CompatResolution } from "./types.js";
import { buildWorkerGraph, type WorkerEntry, type WorkerGraph } from "./worker-graph.js";
import { WranglerConfigError } from "./wrangler-config-error.js";

/** One Worker of the run: a wrangler config and what it says. */
export interface ProjectWorker {
  /** Absolute path of the wrangler config. */
  configPath: string;
  /** `name`, when the config sets one and could be read. */
  name: string | null;
  /** Absolute path of the top-level `main` (resolved against the config's directory), or `null` when unset or unreadable. */
  main: string | null;
  /**
   * The entry modules the import graph starts from: the top-level `main` and tsconfig, and each environment's
   * own where they differ (wrangler's `main` and `tsconfig` are environment keys). A file any of them reaches
   * runs under every environment of the Worker (the safe side: a file reached from one environment's `main`
   * alone may only come out `mixed` where it is not). Empty when unreadable or no `main` is set.
   */
  entries: WorkerEntry[];
  /** The Worker's modes, with the run's overrides applied; `null` when `error` is set. */
  resolution: CompatResolution | null;
  /** Why the config could not be read or resolved (a `WranglerConfigError` for a broken config); `null` when it could. */
  error: unknown;
  /** True when the config could not be read or parsed, so its `main`, and what it imports, are unknown. */
  unreadable: boolean;
}

/** A Worker whose `main` reaches a file. */
export interface ReachingWorker extends ProjectWorker {
  resolution: CompatResolution;
  /** Absolute real paths `[main, …, file]`: one shortest chain of imports from `main` to the file. */
  importChain: string[];
}

/**
 * A file's mode in a project. The {@link CompatResolution} part is what the
 * migrations read: `mode` combines every environment of every reaching Worker
 * (`environments` lists them all, Worker by Worker, in config path order);
 * `configPath` is the nearest config when it is one of them, else the first.
 */
export interface ProjectCompatResolution extends CompatResolution {
  /** `imports`: decided by the Workers whose `main` reaches the file; `nearest-config`: reached by none. */
  decidedBy: "imports" | "nearest-config";
  /** The reaching Workers, by config path; empty for `nearest-config`. */
  workers: ReachingWorker[];
  /** The config wrangler would pick for the file's directory (docs/runtime-behaviour.md#which-wrangler-config-governs-a-file), or `null` when none. */
  nearestConfigPath: string | null;
}

/** Options of {@link createProjectCompatResolver}. */
export interface ProjectCompatResolverOptions {
  /** The run's wrangler configs, absolute or relative to `cwd` (`findWorkerConfigs`). */
  configPaths: readonly string[];
  /** Directory relative paths resolve against; default `process.cwd()`. */
  cwd?: string;
  /** CLI options that replace the date and flags of every environment of every Worker. */
  overrides?: CompatOverrides;
  /**
   * A source file's text (absolute path in) when the caller has read it already, so that the import graph
   * does not read it again; `undefined` to read it from disk. Called only while the graph is built (the
   * first `resolve`). Default: every file is read from disk.
   */
  readText?: (file: string) => string | undefined;
  /** Told how long building the import graph took, in wall milliseconds (`--timings`). */
  onImportGraphBuilt?: (milliseconds: number) => void;
}

/** Resolves files against one run's Workers. The configs are read, and the import graph built, on the first call. */
export interface ProjectCompatResolver {
  /**
   * @param filePath a source file, absolute or relative to `cwd`.
   * @returns the file's mode and where it came from; read only (files decided by the same nearest config
   *   share one object).
   * @throws {WranglerConfigError} the nearest config is broken (file reached by no Worker); a reaching Worker's
   *   config lists both flags; or the reaching Workers make the file `auto` while some config of the run cannot
   *   be read: whether that Worker imports the file too is unknown, and `auto` would remove replies it may need.
   * @throws {Error} an invalid override.
   */
  resolve(filePath: string): ProjectCompatResolution;
  /** The run's Workers, by config path (reads the configs on first use). */
  workers(): readonly ProjectWorker[];
}

/**
 * Creates the resolver for one run. With no configs it never loads
 * TypeScript and answers with the nearest-config rule alone.
 */
export function createProjectCompatResolver(options: ProjectCompatResolverOptions): ProjectCompatResolver {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const overrides = options.overrides ?? {};
  const configPaths = [...new Set(options.configPaths.map((configPath) => path.resolve(cwd, configPath)))].sort();
  let state: { workers: ProjectWorker[]; graph: WorkerGraph | null } | undefined;
  // The files of a directory no Worker reaches share its nearest config's resolution (cached by
  // `resolveCompatForFile`), and so one result object.
  const nearestResults = new WeakMap<CompatResolution, ProjectCompatResolution>();
  const fromNearest = (resolution: CompatResolution): ProjectCompatResolution => {
    let result = nearestResults.get(resolution);
    if (result === undefined) {
      result = fromNearestConfig(resolution);
      nearestResults.set(resolution, result);
    }
    return result;
  };

  const load = () => {
    if (state === undefined) {
      const workers = configPaths.map((configPath) => readWorker(configPath, overrides));
      const started = performance.now();
      const graph = workers.some((worker) => worker.entries.length > 0)
        ? buildWorkerGraph(
            workers.map((worker) => worker.entries),
            new ModuleResolver(),
            options.readText,
          )
        : null;
      options.onImportGraphBuilt?.(performance.now() - started);
      state = { workers, graph };
    }
    return state;
  };

  return {
    workers: () => load().workers,
    resolve(filePath) {
      const absolute = path.resolve(cwd, filePath);
      const nearest = () => resolveCompatForFile(absolute, { overrides, cwd });
      if (configPaths.length === 0) return fromNearest(nearest());
      const { workers, graph } = load();
      const indexes = graph?.workersReaching(absolute) ?? [];
      if (graph === null || indexes.length === 0) return fromNearest(nearest());

      const reaching = indexes.map((index): ReachingWorker => {
        const worker = workers[index] as ProjectWorker;
        if (worker.resolution === null) throw worker.error;
        return { ...worker, resolution: worker.resolution, importChain: graph.importChain(index, absolute) ?? [] };
      });
      const result = fromWorkers(reaching, nearestConfigOf(absolute, cwd, overrides));
      // A Worker whose config cannot be read may import the file too. Only `auto` removes replies that
      // such a Worker could need; under `manual` and `mixed` every edit is correct in both modes.
      const unreadable = workers.find((worker) => worker.unreadable);
      if (unreadable !== undefined && result.mode === "auto") throw cannotTell(unreadable.error, absolute, cwd);
      return result;
    },
  };
}

function readWorker(configPath: string, overrides: CompatOverrides): ProjectWorker {
  let config;
  try {
    config = readWranglerConfig(configPath);
  } catch (error) {
    return { configPath, name: null, main: null, entries: [], resolution: null, error, unreadable: true };
  }
  const fromConfigDirectory = (file: string | undefined) => (file === undefined ? null : path.resolve(path.dirname(configPath), file));
  const entries = new Map<string, WorkerEntry>();
  for (const settings of [config, ...Object.values(config.env)]) {
    const main = fromConfigDirectory(settings.main ?? config.main);
    const tsconfig = fromConfigDirectory(settings.tsconfig ?? config.tsconfig);
    if (main !== null) entries.set(`${main}\0${tsconfig ?? ""}`, { main, tsconfig });
  }
  const worker: ProjectWorker = {
    configPath,
    name: config.name ?? null,
    main: fromConfigDirectory(config.main),
    entries: [...entries.values()],
    resolution: null,
    error: null,
    unreadable: false,
  };
  try {
    worker.resolution = resolveCompatMode(config, overrides);
  } catch (error) {
    worker.error = error;
  }
  return worker;
}

function fromNearestConfig(resolution: CompatResolution): ProjectCompatResolution {
  const result: ProjectCompatResolution = {
    ...resolution,
    decidedBy: "nearest-config",
    workers: [],
    nearestConfigPath: resolution.configPath,
  };
  recordOrigins(result, originsOf(resolution));
  return result;
}

function fromWorkers(workers: ReachingWorker[], nearestConfigPath: string | null): ProjectCompatResolution {
  const environments = workers.flatMap((worker) => worker.resolution.environments);
  const nearestWorker = workers.find((worker) => worker.configPath === nearestConfigPath);
  const result: ProjectCompatResolution = {
    mode: combineModes(environments.map((env) => env.mode)),
    configPath: (nearestWorker ?? workers[0])?.configPath ?? null,
    overridden: workers.some((worker) => worker.resolution.overridden),
    environments,
    decidedBy: "imports",
    workers,
    nearestConfigPath,
  };
  recordOrigins(
    result,
    workers.flatMap((worker) => originsOf(worker.resolution)),
  );
  return result;
}

/** The nearest config's path, without reading it (a broken nearest config does not matter to a reached file). */
function nearestConfigOf(absolute: string, cwd: string, overrides: CompatOverrides): string | null {
  try {
    return resolveCompatForFile(absolute, { overrides, cwd }).configPath;
  } catch (error) {
    return error instanceof WranglerConfigError ? error.configPath : null;
  }
}

/**
 * The error of a file that a broken Worker config may import too: the config's own error, with why it matters
 * to this file, and that error as its `cause` (the CLI's report groups the file under the broken config).
 */
function cannotTell(error: unknown, file: string, cwd: string): unknown {
  if (!(error instanceof WranglerConfigError)) return error;
  const shown = path.relative(cwd, file).split(path.sep).join("/") || file;
  const position = error.line === undefined ? undefined : { line: error.line, ...(error.column === undefined ? {} : { column: error.column }) };
  return new WranglerConfigError(
    error.configPath,
    `${error.detail} (so whether that Worker also imports ${shown}, and needs its close replies, cannot be told)`,
    position,
    { cause: error },
  );
}
