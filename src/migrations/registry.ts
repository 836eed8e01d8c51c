/**
 * The one registry of migrations (CONVENTIONS.md, after next-codemod): each
 * names the compatibility flag that triggers it, the modes it runs in, and the
 * rules whose fixes it applies. It drives the CLI's per-file choice and `--list`.
 */
import { AUTO_REPLY_TO_CLOSE, type CompatFlag } from "../compat/index.js";
import type { CompatMode } from "../compat/types.js";
import type { RuleId } from "../analysis/types.js";

/** One migration: a jscodeshift transform in `codemods/<name>` and the fixes it applies. */
export interface Migration {
  /** The transform's name: `codemods/<name>.ts`. */
  name: string;
  title: string;
  /** The compatibility flag whose behaviour the migration follows; `null` for a migration that holds on every date. */
  flag: CompatFlag | null;
  /** The file modes the migration runs in. */
  modes: readonly CompatMode[];
  /** The rules whose fixes it applies. */
  ruleIds: readonly RuleId[];
}

/** Every migration, in the order the CLI applies them. */
export const MIGRATIONS: readonly Migration[] = [
  {
    name: "auto-reply-to-close",
    title: "Remove close() replies that the runtime's automatic reply to Close frames makes redundant",
    flag: AUTO_REPLY_TO_CLOSE,
    modes: ["auto"],
    ruleIds: ["no-redundant-close"],
  },
  {
    name: "hibernation-close",
    title: "Add the missing close reply to Durable Object webSocketClose handlers (the runtime never replies for hibernatable sockets)",
    flag: null,
    modes: ["auto", "manual", "mixed", "unknown"],
    ruleIds: ["require-hibernation-close"],
  },
  {
    name: "reserved-close-code",
    title: "Guard close() calls that pass on a received close code, so that 1005, 1006 and 1015 cannot make them throw",
    flag: null,
    modes: ["auto", "manual", "mixed", "unknown"],
    ruleIds: ["no-reserved-close-code"],
  },
];

/** True for a migration that runs whatever the compatibility date (SPEC §2: the only ones run in `unknown` mode). */
export function isDateIndependent(migration: Migration): boolean {
  return migration.flag === null;
}

/** The migrations that run for a file in `mode`. */
export function migrationsForMode(mode: CompatMode): Migration[] {
  return MIGRATIONS.filter((migration) => migration.modes.includes(mode));
}

/**
 * The migration named `name`.
 *
 * @throws Error naming the known migrations when there is none of that name.
 */
export function migrationByName(name: string): Migration {
  const migration = MIGRATIONS.find((candidate) => candidate.name === name);
  if (!migration) throw new Error(`Unknown migration "${name}". Known: ${MIGRATIONS.map((m) => m.name).join(", ")}`);
  return migration;
}
