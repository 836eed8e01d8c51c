/**
 * The short form of `describeCompatResolution`: a few words naming a file's mode and what decided it,
 * for rule messages, which must stay within 200 characters (issue 12). The long phrase stays for
 * explanations (`Finding.explanation`, the CLI's `--verbose`) and the CLI's headers.
 *
 * Forms (`<mode>: <what decided>`):
 * - a date in a config: `auto: wrangler.jsonc 2026-05-01`; only an environment sets it:
 *   `manual: wrangler.toml [env.legacy] 2025-06-01`;
 * - a flag in a config: `auto: wrangler.toml flag web_socket_auto_reply_to_close`;
 * - the CLI's options: `auto: --compatibility-date 2026-05-01`, `manual: --compatibility-flag web_socket_manual_reply_to_close`;
 * - ESLint's settings: `auto: settings compatibilityDate 2026-05-01`, `auto: settings compatibilityFlags web_socket_auto_reply_to_close`;
 * - environments that disagree: `mixed: wrangler.toml [env.legacy] manual`: the first environment whose mode
 *   differs from that of the first one that decides (mostly the top level), with `and N more` when others differ too;
 * - Workers that disagree (a shared file): `mixed: Worker chat auto, legacy manual` (each Worker's `name`, else its
 *   config's directory; the first Worker, then the first whose mode differs, then `and N more`);
 * - Workers that agree: `auto: workers/chat/wrangler.jsonc 2026-05-01 and 1 more Worker`;
 * - a Worker whose `main` imports the file from elsewhere: `auto: workers/chat/wrangler.jsonc 2026-05-01 via import`
 *   (the suffixes are left out when even the shortest path leaves no room for them);
 * - nothing decides: `unknown: no compatibility_date in wrangler.toml`, `unknown: no wrangler config`.
 *
 * Which name a config gets: its base name (`wrangler.toml`) when it sits in the file's directory or
 * above it (the config a reader expects: the nearest one up); otherwise (a Worker reached through
 * imports, a config named by `--config` or the `wranglerConfig` setting elsewhere) its path relative
 * to `cwd`, with leading directories replaced by `…/` while the note is longer than
 * {@link MAX_COMPAT_NOTE} characters. Environment names are cut to {@link MAX_ENV_NAME} characters.
 * So a note is at most about 62 characters whatever the project looks like (`manual: …/wrangler.jsonc flag
 * web_socket_manual_reply_to_close`).
 */
import path from "node:path";
import type { ProjectCompatResolution } from "./project-compat-resolver.js";
import { isOverride, modeDeciders, type ModeDecider } from "./mode-deciders.js";
import type { CompatResolution } from "./types.js";

/** A note longer than this gets its config path shortened (`…/chat/wrangler.jsonc`, then `…/wrangler.jsonc`). */
export const MAX_COMPAT_NOTE = 56;

/** An `[env.NAME]` name longer than this is cut in the middle (`[env.stagi…-eu]`). */
export const MAX_ENV_NAME = 12;

/** Where a date or flags override came from: the CLI's options or ESLint's `settings["ws-close"]`. */
export type OverrideSource = "cli" | "settings";

/** Options of {@link compatNote} and {@link projectCompatNote}. */
export interface CompatNoteOptions {
  /** Directory config paths are shown relative to (when not shown by base name); default `process.cwd()`. */
  cwd?: string;
  /** The file the note is about, absolute or relative to `cwd`: a config in its directory or above is named by base name. Default: none (paths relative to `cwd`). */
  filePath?: string;
  /** Who set overrides, for their wording; default `cli`. */
  overrides?: OverrideSource;
}


/**
 * @param res a resolution from `resolveCompatMode` or `resolveCompatForFile`.
 * @param options see {@link CompatNoteOptions}.
 * @returns the note, without parentheses or a final period (`auto: wrangler.jsonc 2026-05-01`). Never throws.
 */
export function compatNote(res: CompatResolution, options: CompatNoteOptions = {}): string {
  return noteWithSuffix(res, options, "");
}

/** The note, then `suffix` (` via import`) unless even the shortest path leaves no room for it. */
function noteWithSuffix(res: CompatResolution, options: CompatNoteOptions, suffix: string): string {
  const where = res.configPath === null ? null : configName(res.configPath, options);
  const render = (name: string | null) => noteFor(res, name, options.overrides ?? "cli");
  const withSuffix = fitPath(where, (name) => render(name) + suffix);
  return withSuffix.length <= MAX_COMPAT_NOTE || suffix === "" ? withSuffix : fitPath(where, render);
}

/**
 * The note for a file of a run over many Workers (the counterpart of `describeProjectCompatResolution`).
 *
 * @param res a resolution from `ProjectCompatResolver.resolve`.
 * @param options see {@link CompatNoteOptions}.
 * @returns the note (see the module comment). Never throws.
 */
export function projectCompatNote(res: ProjectCompatResolution, options: CompatNoteOptions = {}): string {
  const [only, ...others] = res.workers;
  if (res.decidedBy === "nearest-config" || only === undefined) return compatNote(res, options);
  if (others.length === 0) return noteWithSuffix(only.resolution, options, only.configPath === res.nearestConfigPath ? "" : " via import");
  const first = only;
  const differing = others.filter((worker) => worker.resolution.mode !== first.resolution.mode);
  if (differing.length === 0) return noteWithSuffix(first.resolution, options, ` and ${others.length} more Worker${others.length === 1 ? "" : "s"}`);
  const other = differing[0]!;
  const rest = differing.length > 1 ? ` and ${differing.length - 1} more` : "";
  return `${res.mode}: Worker ${workerName(first)} ${first.resolution.mode}, ${workerName(other)} ${other.resolution.mode}${rest}`;
}

/** A Worker name longer than this is cut in the middle (`realti…end`). */
const MAX_WORKER_NAME = 10;

/** A Worker as a note names it: its `name`, else its config's directory, cut to {@link MAX_WORKER_NAME} characters. */
function workerName(worker: ProjectCompatResolution["workers"][number]): string {
  return cutMiddle(worker.name ?? path.basename(path.dirname(worker.configPath)), MAX_WORKER_NAME);
}

function cutMiddle(name: string, max: number): string {
  return name.length > max ? `${name.slice(0, max - 4)}…${name.slice(-3)}` : name;
}

function noteFor(res: CompatResolution, where: string | null, overrides: OverrideSource): string {
  const deciders = modeDeciders(res);
  if (deciders.length === 0) return where === null ? "unknown: no wrangler config" : `unknown: no compatibility_date in ${where}`;
  const first = deciders[0]!;
  const differing = deciders.filter((decider) => decider.env.mode !== first.env.mode);
  if (differing.length === 0) return `${res.mode}: ${setting(first, where, overrides)}`;
  const names = new Set(differing.map((decider) => decider.env.name));
  const other = differing[0]!;
  const rest = names.size > 1 ? ` and ${names.size - 1} more` : "";
  return `${res.mode}: ${where ?? overrideName(other, overrides)} ${envLabel(other.env.name)}${rest} ${other.env.mode}`;
}

/** `--compatibility-date`, `settings compatibilityFlags`, …: the override's own name. */
function overrideName(decider: ModeDecider, overrides: OverrideSource): string {
  if (overrides === "settings") return `settings ${decider.kind === "date" ? "compatibilityDate" : "compatibilityFlags"}`;
  return decider.kind === "date" ? "--compatibility-date" : "--compatibility-flag";
}

/** One decider in words: `wrangler.toml [env.legacy] 2025-06-01`, `wrangler.toml flag …`, `--compatibility-date 2026-05-01`. */
function setting(decider: ModeDecider, where: string | null, overrides: OverrideSource): string {
  if (isOverride(decider) || where === null) return `${overrideName(decider, overrides)} ${decider.value}`;
  const origin = decider.kind === "date" ? decider.origin.date : decider.origin.flags;
  const environment = origin === "env" && decider.env.name !== null ? ` ${envLabel(decider.env.name)}` : "";
  return `${where}${environment} ${decider.kind === "flag" ? "flag " : ""}${decider.value}`;
}

function envLabel(name: string | null): string {
  if (name === null) return "top level";
  return `[env.${cutMiddle(name, MAX_ENV_NAME)}]`;
}

/** The config's base name when it governs the file from its directory or above, else its path relative to `cwd`. */
function configName(configPath: string, options: CompatNoteOptions): string {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  if (options.filePath !== undefined) {
    const fromConfig = path.relative(path.dirname(configPath), path.resolve(cwd, options.filePath));
    if (!fromConfig.startsWith("..") && !path.isAbsolute(fromConfig)) return path.basename(configPath);
  }
  return relativePath(configPath, cwd);
}

function relativePath(absolute: string, cwd: string): string {
  const relative = path.relative(path.resolve(cwd), absolute);
  return (relative === "" || path.isAbsolute(relative) ? absolute : relative).split(path.sep).join("/");
}

/** `render(where)`, with `where` cut to its last directories (`…/chat/wrangler.jsonc`) while the note is over `MAX_COMPAT_NOTE`. */
function fitPath(where: string | null, render: (where: string | null) => string): string {
  if (where === null) return render(null);
  return fitPaths([where], ([only]) => render(only!));
}

function fitPaths(paths: readonly string[], render: (paths: readonly string[]) => string): string {
  const segments = paths.map((item) => item.split("/"));
  // Keep this many trailing segments of each path: all, then fewer down to the base name alone.
  const longest = Math.max(...segments.map((parts) => parts.length));
  let note = render(paths);
  for (let keep = longest - 1; keep >= 1 && note.length > MAX_COMPAT_NOTE; keep--) {
    note = render(segments.map((parts) => (parts.length > keep ? `…/${parts.slice(-keep).join("/")}` : parts.join("/"))));
  }
  return note;
}
