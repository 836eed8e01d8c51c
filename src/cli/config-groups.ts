/**
 * How the text report groups files: by the Worker config that governs them and
 * the mode it gives them (one header per group, saying which config, which mode
 * and why), files whose config is broken under that config, and paths the walk
 * passed over on their own.
 */
import type { BrokenConfig, FileResult } from "../migrate/types.js";

/** The label of the files no config governs. */
export const NO_CONFIG_LABEL = "No wrangler config";

/** Files governed alike: one config (or none, or the same Workers that import them), one mode, one reason for it. */
export interface ModeGroup {
  kind: "mode";
  /**
   * What governs the files: the config's path relative to the working directory, `Imported by 2 Workers` for
   * files several Workers import (`basis` names their configs), or `No wrangler config`.
   */
  label: string;
  /** True for files several Workers import. */
  shared: boolean;
  mode: NonNullable<FileResult["mode"]>;
  /** Why the files have that mode, without the config's path (`compatibility_date 2026-05-01`). */
  basis: string | null;
  files: FileResult[];
}

/** The files a broken config (their own, or a Worker's that may import them) kept from being migrated. */
export interface BrokenConfigGroup {
  kind: "broken-config";
  config: BrokenConfig;
  files: FileResult[];
}

/** Paths that got no mode: links and named non-source files the walk skipped, directories it could not read, invalid overrides. */
export interface NoModeGroup {
  kind: "no-mode";
  files: FileResult[];
}

export type FileGroup = ModeGroup | BrokenConfigGroup | NoModeGroup;

/** How `describeProjectCompatResolution` ends the phrase of a file that another Worker's `main` imports. */
const IMPORTED_SUFFIX = " (whose main imports this file)";

/**
 * The part of a file's `modeSource` that is not the config's path: `compatibility_date 2026-05-01 in
 * wrangler.jsonc` gives `compatibility_date 2026-05-01`, `wrangler.toml: top level 2026-05-01 (auto), [env.old]
 * 2025-06-01 (manual)` gives what follows the colon, and a config whose Worker imports the files says so.
 */
export function modeBasis(modeSource: string | null, config: string | null): string | null {
  if (modeSource === null || config === null) return modeSource;
  const imported = modeSource.endsWith(IMPORTED_SUFFIX);
  const phrase = imported ? modeSource.slice(0, -IMPORTED_SUFFIX.length) : modeSource;
  let basis: string;
  if (phrase.startsWith(`${config}: `)) basis = phrase.slice(config.length + 2);
  else if (phrase === `no compatibility_date found in ${config}`) basis = "no compatibility_date found";
  else {
    const inConfig = ` in ${config}`;
    const at = phrase.indexOf(inConfig);
    basis = at < 0 ? phrase : `${phrase.slice(0, at)}${phrase.slice(at + inConfig.length)}`;
  }
  return imported ? `${basis}; its main imports them` : basis;
}

/** `imported by 2 Workers: …`: the phrase of a file several Workers import, each with its own config. */
const SHARED_PHRASE = /^imported by (\d+) Workers: (.*)$/su;

function brokenConfigKey(config: BrokenConfig): string {
  return JSON.stringify([config.path, config.line ?? null, config.column ?? null, config.problem]);
}

/**
 * Groups a run's files: mode groups by config path (then the files several Workers import, then those of no
 * config), then mode and basis; then the paths with
 * no mode; then the broken configs, by path. Files keep their order (by path) inside a group.
 */
export function groupFiles(files: readonly FileResult[]): FileGroup[] {
  const modeGroups = new Map<string, ModeGroup>();
  const brokenGroups = new Map<string, BrokenConfigGroup>();
  const noMode: NoModeGroup = { kind: "no-mode", files: [] };
  for (const file of files) {
    if (file.brokenConfig !== undefined) {
      const key = brokenConfigKey(file.brokenConfig);
      const group = brokenGroups.get(key) ?? { kind: "broken-config", config: file.brokenConfig, files: [] };
      group.files.push(file);
      brokenGroups.set(key, group);
    } else if (file.mode === null) {
      noMode.files.push(file);
    } else {
      const shared = SHARED_PHRASE.exec(file.modeSource ?? "");
      const label = shared ? `Imported by ${shared[1]} Workers` : (file.config ?? NO_CONFIG_LABEL);
      const basis = shared ? (shared[2] ?? null) : modeBasis(file.modeSource, file.config);
      const key = JSON.stringify([label, file.mode, basis]);
      const group = modeGroups.get(key) ?? { kind: "mode", label, shared: shared !== null, mode: file.mode, basis, files: [] };
      group.files.push(file);
      modeGroups.set(key, group);
    }
  }
  // Configs by path, then the files several Workers share, then those of no config.
  const rank = (group: ModeGroup): number => (group.label === NO_CONFIG_LABEL ? 2 : group.shared ? 1 : 0);
  const byConfig = (a: ModeGroup, b: ModeGroup): number => {
    if (rank(a) !== rank(b)) return rank(a) - rank(b);
    if (a.label !== b.label) return a.label < b.label ? -1 : 1;
    const left = `${a.mode}\0${a.basis ?? ""}`;
    const right = `${b.mode}\0${b.basis ?? ""}`;
    return left < right ? -1 : left > right ? 1 : 0;
  };
  return [
    ...[...modeGroups.values()].sort(byConfig),
    ...(noMode.files.length > 0 ? [noMode] : []),
    ...[...brokenGroups.values()].sort((a, b) => (a.config.path < b.config.path ? -1 : a.config.path > b.config.path ? 1 : 0)),
  ];
}
