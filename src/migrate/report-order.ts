/**
 * The order of a run's report: files by path, warnings and temp files by text,
 * whatever the split of the run (`--shard`), so that `merge` can rebuild it.
 */

/** Orders strings by UTF-16 code units, as `Array.prototype.sort` does without a comparator. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
