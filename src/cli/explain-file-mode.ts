/**
 * `ws-close-migrate --explain FILE`: how one file's mode is decided, as plain
 * data (printed by `format-explain.ts`, or as JSON): the Workers found, which
 * of them reach the file from their `main` and through which imports, each
 * environment's date, flags and mode, the overrides, and the final mode.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import {
  AUTO_REPLY_TO_CLOSE,
  createProjectCompatResolver,
  describeProjectCompatResolution,
  type CompatMode,
  type CompatOverrides,
  type CompatResolution,
  type EnvironmentMode,
  type ProjectCompatResolution,
} from "../compat/index.js";
import { originsOf, type SettingOrigin } from "../compat/resolution-origins.js";
import { findWorkerConfigs } from "../migrate/find-worker-configs.js";

/** One environment of a Worker (or of the overrides alone), as the runtime sees it. */
export interface ExplainedEnvironment {
  /** `null` for the top level, else the `[env.NAME]` name. */
  name: string | null;
  compatibilityDate: string | null;
  /** Where the date came from: `top` (the top level's), `env` (its own), `override`; `null` when there is none. */
  dateFrom: SettingOrigin;
  compatibilityFlags: string[];
  flagsFrom: SettingOrigin;
  mode: EnvironmentMode;
  /** What decided the mode (docs/runtime-behaviour.md#the-auto-reply-flag-and-its-date): a flag, the date, or nothing (`unknown`). */
  decidedBy: "enable-flag" | "disable-flag" | "date" | "no-date";
}

/** A config whose environments are listed. */
export interface ExplainedConfig {
  /** Relative to the working directory, `/`-separated (absolute when outside it). */
  config: string;
  mode: CompatMode;
  environments: ExplainedEnvironment[];
}

/** A Worker whose `main` reaches the file. */
export interface ExplainedWorker extends ExplainedConfig {
  name: string | null;
  main: string;
  /** `[main, …, file]`, display paths. */
  importChain: string[];
}

/** Everything `--explain` says about one file. */
export interface FileModeExplanation {
  file: string;
  /** `null` when the mode could not be decided (`error`). */
  mode: CompatMode | null;
  /** The phrase the migration report shows after the mode. */
  modeSource: string | null;
  /** `imports`: the Workers that reach the file decide; `nearest-config`: none reaches it. */
  decidedBy: "imports" | "nearest-config" | null;
  /** The Workers of the run (their configs), display paths. */
  workersSearched: string[];
  workers: ExplainedWorker[];
  /** The config wrangler would pick for the file's directory; with `decidedBy: nearest-config`, it decided. */
  nearestConfig: ExplainedConfig | { config: string } | null;
  overrides: { compatibilityDate?: string; compatibilityFlags?: string[] };
  /** Configs of the run that cannot be read: `config` and the error message. */
  brokenConfigs: { config: string; error: string }[];
  /** Why the mode could not be decided: the file is missing, or a config it depends on is broken. */
  error?: string;
}

/** Options of {@link explainFileMode}. */
export interface ExplainOptions {
  /** Where to look for Workers (the command line's paths), absolute or relative to `cwd`. */
  paths: readonly string[];
  cwd: string;
  overrides: Omit<CompatOverrides, "wranglerConfig">;
}

/**
 * @param file the file to explain, absolute or relative to `options.cwd`.
 * @returns the explanation; problems (a missing file, a broken config) are in `error`, never thrown.
 */
export async function explainFileMode(file: string, options: ExplainOptions): Promise<FileModeExplanation> {
  const cwd = path.resolve(options.cwd);
  const absolute = path.resolve(cwd, file);
  const show = (filePath: string) => displayPath(filePath, cwd);
  const explanation: FileModeExplanation = {
    file: show(absolute),
    mode: null,
    modeSource: null,
    decidedBy: null,
    workersSearched: [],
    workers: [],
    nearestConfig: null,
    overrides: { ...options.overrides },
    brokenConfigs: [],
  };
  const info = await stat(absolute).catch(() => null);
  if (!info?.isFile()) return { ...explanation, error: `No such file: ${file}` };

  const configPaths = await findWorkerConfigs([...options.paths, absolute], cwd);
  const resolver = createProjectCompatResolver({ configPaths, cwd, overrides: options.overrides });
  explanation.workersSearched = configPaths.map(show);
  explanation.brokenConfigs = resolver
    .workers()
    .filter((worker) => worker.error !== null)
    .map((worker) => ({ config: show(worker.configPath), error: errorMessage(worker.error) }));

  let res: ProjectCompatResolution;
  try {
    res = resolver.resolve(absolute);
  } catch (error) {
    return { ...explanation, error: errorMessage(error) };
  }
  explanation.mode = res.mode;
  explanation.modeSource = describeProjectCompatResolution(res, cwd);
  explanation.decidedBy = res.decidedBy;
  explanation.workers = res.workers.map((worker) => ({
    ...explainConfig(worker.resolution, show),
    name: worker.name,
    // The entry the chain starts from: the top-level main, or an environment's own.
    main: show(worker.importChain[0] ?? worker.main ?? ""),
    importChain: worker.importChain.map(show),
  }));
  if (res.decidedBy === "nearest-config") {
    explanation.nearestConfig = res.configPath === null && res.environments.length === 0 ? null : explainConfig(res, show);
  } else if (res.nearestConfigPath !== null) {
    explanation.nearestConfig = { config: show(res.nearestConfigPath) };
  }
  return explanation;
}

function explainConfig(res: CompatResolution, show: (filePath: string) => string): ExplainedConfig {
  const origins = originsOf(res);
  return {
    config: res.configPath === null ? "(overrides only)" : show(res.configPath),
    mode: res.mode,
    environments: res.environments.map((env, index) => ({
      name: env.name,
      compatibilityDate: env.compatibilityDate,
      dateFrom: origins[index]?.date ?? null,
      compatibilityFlags: env.compatibilityFlags,
      flagsFrom: origins[index]?.flags ?? null,
      mode: env.mode,
      decidedBy: env.compatibilityFlags.includes(AUTO_REPLY_TO_CLOSE.enableFlag)
        ? "enable-flag"
        : env.compatibilityFlags.includes(AUTO_REPLY_TO_CLOSE.disableFlag)
          ? "disable-flag"
          : env.compatibilityDate === null
            ? "no-date"
            : "date",
    })),
  };
}

function displayPath(filePath: string, cwd: string): string {
  const relative = path.relative(cwd, filePath);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? filePath : relative.split(path.sep).join("/");
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
