/**
 * ws-close-migrate's programmatic API.
 *
 * ```ts
 * import { migrate } from "ws-close-migrate";
 * const { files } = await migrate({ paths: ["src"], write: false });
 * ```
 */
export { migrate } from "./migrate/migrate.js";
export type { BrokenConfig, FileChange, FileResult, FileStatus, MigrateOptions, MigrateResult } from "./migrate/types.js";
export { MissingPathError } from "./files/walk-paths.js";
export { MIGRATIONS, type Migration } from "./migrations/registry.js";
export {
  describeCompatResolution,
  resolveCompatForFile,
  WranglerConfigError,
  type CompatMode,
  type CompatOverrides,
  type CompatResolution,
} from "./compat/index.js";
export {
  PLUGIN_NAMESPACE,
  /** The ESLint namespace of the plugin's rules (`ws-close`): the old name of `PLUGIN_NAMESPACE`. */
  PLUGIN_NAMESPACE as RULE_NAMESPACE,
  RULES,
  SourceParseError,
  type RuleDefinition,
  type RuleId,
} from "./analysis/index.js";
export { runCli, type CliIo } from "./cli/run-cli.js";
export { upgrade, type ConfigUpgrade, type FlagCrossing, type UpgradeOptions, type UpgradeResult } from "./upgrade/upgrade.js";
export { editCompatibilityDate, type CompatibilityDateChange, type CompatibilityDateEdit } from "./compat/edit-compatibility-date.js";
