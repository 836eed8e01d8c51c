/**
 * Lines of a document that call a rule of the table "planned" (or not yet implemented): the
 * rule exists, so the document is out of date.
 */

/** Words that say a rule does not exist yet. */
const NOT_YET = /\b(planned|not yet implemented|not implemented yet|coming soon|future rule|to be written|upcoming)\b/iu;

/**
 * @param text a markdown document.
 * @param ruleIds the ids of the rule table (`no-redundant-close`, …).
 * @returns `line N: text` for each line that names one of `ruleIds` and says it does not exist yet.
 */
export function rulesCalledPlanned(text: string, ruleIds: readonly string[]): string[] {
  return text.split("\n").flatMap((line, index) => {
    if (!NOT_YET.test(line)) return [];
    const named = ruleIds.filter((id) => new RegExp(`(^|[^a-z-])${id}([^a-z-]|$)`, "u").test(line));
    return named.length > 0 ? [`line ${index + 1}: ${line.trim()}`] : [];
  });
}
