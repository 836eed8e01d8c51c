/**
 * The one place that decides between a fix and a suggestion (CONVENTIONS.md):
 * an edit is a fix only when applying it cannot change what the runtime does
 * at the file's compatibility date; otherwise it is offered as a suggestion.
 */
import type { FindingSuggestion, TextEdit } from "./types.js";

/** What a finding offers once the policy has decided. */
export interface FixDecision {
  fix?: TextEdit[];
  suggestions: FindingSuggestion[];
}

/**
 * @param edits the edits that would resolve the finding, or `null` when the core
 *   has no safe edit (the finding is then reported without a fix).
 * @param keepsBehaviour true when the edits are proven not to change runtime
 *   behaviour at the file's compatibility date (for example removing a `close()`
 *   that auto reply makes a no-op).
 * @param suggestions edits offered by choice; used as they are whether or not a fix is given.
 */
export function decideFix(
  edits: TextEdit[] | null,
  keepsBehaviour: boolean,
  suggestions: FindingSuggestion[],
): FixDecision {
  if (edits && keepsBehaviour) return { fix: edits, suggestions };
  return { suggestions };
}
