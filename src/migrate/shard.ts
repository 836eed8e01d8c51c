/**
 * `--shard i/n`: a deterministic split of a run's files over `n` machines (a
 * CI matrix), so that together they cover every file once. A file's shard is
 * a stable hash (32-bit FNV-1a of the UTF-8 bytes) of its path relative to the
 * repository root, `/`-separated: the same on every machine and operating
 * system, whatever the working directory. Merging the shards' reports
 * (`ws-close-migrate merge`) gives the report of one run over every file.
 */
import path from "node:path";

/** One shard of a run: `index` of `count`, 1-based, as the user writes it (`--shard 2/4`). */
export interface Shard {
  /** 1 ≤ index ≤ count. */
  index: number;
  count: number;
  /** The directory paths are hashed relative to: the git work tree's root, or the working directory outside git. */
  root: string;
}

/**
 * @param text `i/n`, both positive whole numbers, `i ≤ n` (`"2/4"`).
 * @returns the index and count.
 * @throws Error naming the expected form when `text` is not one.
 */
export function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/u.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(count) && index >= 1 && count >= 1 && index <= count)) {
    throw new Error(`--shard must be i/n with 1 ≤ i ≤ n (for example 2/4), got "${text}"`);
  }
  return { index, count };
}

/** 32-bit FNV-1a of `text`'s UTF-8 bytes. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * @param absolutePath a file's absolute path.
 * @param root the shard root (`Shard.root`).
 * @param count the number of shards.
 * @returns the file's shard, 1-based.
 */
export function shardOf(absolutePath: string, root: string, count: number): number {
  const relative = path.relative(root, absolutePath).split(path.sep).join("/");
  return (fnv1a(relative) % count) + 1;
}

/** `paths` that belong to `shard`, in their order; all of them without a shard. */
export function inShard<T>(items: readonly T[], shard: Shard | undefined, pathOf: (item: T) => string): T[] {
  if (!shard || shard.count === 1) return [...items];
  return items.filter((item) => shardOf(pathOf(item), shard.root, shard.count) === shard.index);
}
