/**
 * How the text report groups files: by the Worker config that governs them and
 * the mode it gives them (one header per group, saying which config, which mode
 * and why), files whose config is broken under that config, and paths the walk
 * passed over on their own.
 */
import type { BrokenConfig, FileResult } from "../migrate/types.js";

/** Files governed alike: one config (or none), one mode, one reason for it. */
export interface ModeGroup {
  kind: "mode";
  /** The config's path relative to the working directory, or `null` when no config decided. */
  config: string | null;
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

/**
 * The part of a file's `modeSource` that is not the config's path: `compatibility_date 2026-05-01 in
 * wrangler.jsonc` gives `compatibility_date 2026-05-01`, `wrangler.toml: top level 2026-05-01 (auto), [env.old]
 * 2025-06-01 (manual)` gives what follows the colon. Phrases that name several configs are kept whole.
 */
export function modeBasis(modeSource: string | null, config: string | null): string | null {
  if (modeSource === null || config === null) return modeSource;
  if (modeSource.startsWith(`${config}: `)) return modeSource.slice(config.length + 2);
  if (modeSource === `no compatibility_date found in ${config}`) return "no compatibility_date found";
  const inConfig = ` in ${config}`;
  const at = modeSource.indexOf(inConfig);
  if (at < 0 || modeSource.startsWith("imported by ")) return modeSource;
  const rest = modeSource.slice(at + inConfig.length);
  // `… in workers/chat/wrangler.jsonc (whose main imports this file)`: the config of another Worker.
  const imported = rest === " (whose main imports this file)";
  return `${modeSource.slice(0, at)}${imported ? ", from the Worker whose main imports them" : rest}`;
}

function brokenConfigKey(config: BrokenConfig): string {
  return JSON.stringify([config.path, config.line ?? null, config.column ?? null, config.problem]);
}

/**
 * Groups a run's files: mode groups by config path (no config last), then mode and basis; then the paths with
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
      const basis = modeBasis(file.modeSource, file.config);
      const key = JSON.stringify([file.config, file.mode, basis]);
      const group = modeGroups.get(key) ?? { kind: "mode", config: file.config, mode: file.mode, basis, files: [] };
      group.files.push(file);
      modeGroups.set(key, group);
    }
  }
  const byConfig = (a: ModeGroup, b: ModeGroup): number => {
    if (a.config !== b.config) {
      if (a.config === null) return 1;
      if (b.config === null) return -1;
      return a.config < b.config ? -1 : 1;
    }
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
