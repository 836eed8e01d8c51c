/**
 * Counted nouns in the CLI's output: "1 file", "2 files", never "file(s)".
 */

/**
 * @param count how many.
 * @param singular the noun for one (`file`, `config`, `temp file`).
 * @param pluralForm the noun for any other count; default `singular` + "s".
 * @returns `<count> <noun>`, e.g. `1 file`, `0 files`, `3 Workers`.
 */
export function countOf(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
