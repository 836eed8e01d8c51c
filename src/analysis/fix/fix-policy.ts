/**
 * The one place that decides between a fix and a suggestion (CONVENTIONS.md).
 * An edit is a fix when applying it cannot change what the runtime does at the
 * file's compatibility date, or when what it changes is a proven defect on every
 * date (a client's close that hangs, a `close()` that throws) and the edit only
 * removes that defect. Anything else changes what the code means to do, so the
 * user chooses: a suggestion.
 */
import type { FindingSuggestion, TextEdit } from "../types.js";

/**
 * What applying an edit does at run time:
 * - `keeps-behaviour`: nothing observable changes (removing a `close()` that auto reply makes a no-op);
 * - `repairs-defect`: only a proven defect changes (adding the missing reply in `webSocketClose`, docs/runtime-behaviour.md#hibernatable-sockets-are-never-answered-by-the-runtime);
 * - `changes-intent`: the code would do something else than it says (dropping a custom close code).
 */
export type EditEffect = "keeps-behaviour" | "repairs-defect" | "changes-intent";

/** What a finding offers once the policy has decided. */
export interface FixDecision<MessageId extends string = string> {
  fix?: TextEdit[];
  suggestions: FindingSuggestion<MessageId>[];
}

/**
 * @param edits the edits that would resolve the finding, or `null` when the core
 *   has no safe edit (the finding is then reported without a fix).
 * @param effect what the edits do at run time.
 * @param suggestions edits offered by choice; kept whether or not a fix is given.
 */
export function decideFix<MessageId extends string>(
  edits: TextEdit[] | null,
  effect: EditEffect,
  suggestions: FindingSuggestion<MessageId>[],
): FixDecision<MessageId> {
  if (edits && effect !== "changes-intent") return { fix: edits, suggestions };
  return { suggestions };
}
