/**
 * The compatibility-config resolver: which close-reply mode (docs/runtime-behaviour.md#the-auto-reply-flag-and-its-date) governs
 * a source file, read from its wrangler config (docs/runtime-behaviour.md#which-wrangler-config-governs-a-file) and overrides.
 */
export type {
  CompatMode,
  CompatOverrides,
  CompatResolution,
  EnvironmentCompat,
  EnvironmentMode,
  FrameworkName,
  FrameworkVersion,
  FrameworkVersions,
} from "./types.js";
export { AUTO_REPLY_TO_CLOSE, CLOSE_REASON_BYTE_LIMIT, WEBSOCKET_COMPAT_FLAGS, type CompatFlag } from "./compat-flags.js";
export { isValidCompatibilityDate } from "./compatibility-date.js";
export { WranglerConfigError, type ConfigPosition } from "./wrangler-config-error.js";
export { findWranglerConfig, WRANGLER_CONFIG_FILE_NAMES } from "./find-wrangler-config.js";
export {
  locateConfigValue,
  locateJsonValue,
  locateTomlValue,
  offsetToPosition,
  type ConfigKeyPath,
} from "./locate-config-value.js";
export { readWranglerConfig, type WranglerConfig, type WranglerEnvironmentSettings } from "./read-wrangler-config.js";
export { combineModes, modeForSettings, resolveCompatMode, type FlagListSource } from "./resolve-compat-mode.js";
export { describeCompatResolution } from "./describe-compat-resolution.js";
export { compatNote, projectCompatNote, MAX_COMPAT_NOTE, type CompatNoteOptions, type OverrideSource } from "./compat-note.js";
export {
  clearCompatCache,
  COMPAT_CACHE_TTL_MS,
  resolveCompatForFile,
  type ResolveCompatForFileOptions,
} from "./resolve-compat-for-file.js";
export {
  createProjectCompatResolver,
  type ProjectCompatResolution,
  type ProjectCompatResolver,
  type ProjectCompatResolverOptions,
  type ProjectWorker,
  type ReachingWorker,
} from "./project-compat-resolver.js";
export { describeProjectCompatResolution } from "./describe-project-compat.js";
export { clearFrameworkVersionsCache, resolveFrameworkVersions, type ResolveFrameworkVersionsOptions } from "./framework-versions.js";
