/**
 * The one registry of migrations (CONVENTIONS.md, after next-codemod): each
 * names the compatibility flag that triggers it and the modes it runs in; the
 * rules whose fixes it applies are those of the rule table that name it
 * (`migration` in `src/analysis/rules/`). It drives the CLI's per-file choice
 * and `--list`.
 */
import { AUTO_REPLY_TO_CLOSE, type CompatFlag } from "../compat/index.js";
import type { CompatMode } from "../compat/types.js";
import { RULES, type MigrationName, type RuleId } from "../analysis/rules/index.js";

/** One migration: a jscodeshift transform in `codemods/<name>` and the fixes it applies. */
export interface Migration {
  /** The transform's name: `codemods/<name>.ts`. */
  name: MigrationName;
  title: string;
  /** The compatibility flag whose behaviour the migration follows; `null` for a migration that holds on every date. */
  flag: CompatFlag | null;
  /** The file modes the migration runs in. */
  modes: readonly CompatMode[];
  /** The rules whose fixes it applies (or whose findings it lists for review): the table's rules that name this migration, in table order. */
  ruleIds: readonly RuleId[];
}

/** The ids of the table's rules whose `migration` is `name`. */
function rulesOf(name: MigrationName): RuleId[] {
  return RULES.filter((rule) => rule.migration === name).map((rule) => rule.id);
}

/** Every migration, in the order the CLI applies them. */
export const MIGRATIONS: readonly Migration[] = [
  {
    name: "auto-reply-to-close",
    title:
      "Remove close() replies that the runtime's automatic reply to Close frames makes redundant, and accept proxy legs with { allowHalfOpen: true } so that their close still travels end to end",
    flag: AUTO_REPLY_TO_CLOSE,
    // In `mixed`, no-redundant-close is silent (the replies are needed where the date is old), and
    // require-allow-half-open's edit is correct under both modes: half-open changes nothing where the runtime does not reply.
    modes: ["auto", "mixed"],
    // Its report-only rules (no-new-websocket-in-proxy, no-closing-state-check, no-send-in-close-handler) are
    // listed so that the CLI reports their findings for review (`needsReview`) in the modes where the auto reply breaks that code.
    ruleIds: rulesOf("auto-reply-to-close"),
  },
  {
    name: "hibernation-close",
    title: "Add the missing close reply to Durable Object webSocketClose handlers (the runtime never replies for hibernatable sockets)",
    flag: null,
    modes: ["auto", "manual", "mixed", "unknown"],
    ruleIds: rulesOf("hibernation-close"),
  },
  {
    name: "reserved-close-code",
    title:
      "Guard close() calls that pass on a received close code, so that 1005, 1006 and 1015 cannot make them throw, and list close reasons that can be longer than 123 UTF-8 bytes for review",
    flag: null,
    modes: ["auto", "manual", "mixed", "unknown"],
    ruleIds: rulesOf("reserved-close-code"),
  },
  {
    name: "manual-reply-to-close",
    title:
      "Add the missing close reply to close handlers where the runtime does not answer Close frames: without auto reply (before 2026-04-07), and on half-open sockets on every date",
    // It follows the absence of the auto reply flag (`manual`, `mixed`: docs/runtime-behaviour.md#without-the-auto-reply-only-your-code-answers). The same rule also
    // proves missing replies on half-open sockets, which hang on every date (docs/runtime-behaviour.md#half-open-sockets-are-never-answered-by-the-runtime), so it runs in every mode;
    // in `auto` and `unknown` only those are reported. Last, so that the half-open legs that
    // auto-reply-to-close makes are answered, as `eslint --fix` does in its next pass.
    flag: AUTO_REPLY_TO_CLOSE,
    modes: ["auto", "manual", "mixed", "unknown"],
    ruleIds: rulesOf("manual-reply-to-close"),
  },
];

/**
 * True for a migration that runs whatever the compatibility date. `manual-reply-to-close` follows the
 * auto reply flag and still runs in `unknown` mode, where its rule reports only the date-independent
 * half-open case (docs/runtime-behaviour.md#no-compatibility-date).
 */
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
