/**
 * Which Workers run a source file (docs/runtime-behaviour.md#environments-replace-the-top-level-date-and-flags: "a source file shared by several
 * Workers, reached from each Worker's `main` through imports, runs under all
 * of their modes"): the import graph from each Worker's entry modules (its
 * `main`, and an environment's own `main`), followed
 * through static imports, re-exports, `require()` and `import()` with a string
 * literal, and resolved by TypeScript's module resolution (`ModuleResolver`).
 * Targets inside `node_modules` are not followed (a dependency is not the
 * user's code to migrate); a workspace package linked into `node_modules` is
 * followed to its real files.
 *
 * Built once per run: each file is read and scanned once however many Workers
 * reach it, and resolutions are cached per (file, Worker tsconfig).
 */
import fs from "node:fs";
import path from "node:path";
import { importSpecifiers } from "./import-specifiers.js";
import type { ModuleResolver } from "./module-resolver.js";

/** One entry module of a Worker: its `main`, or an environment's `main` or `tsconfig` where they differ. */
export interface WorkerEntry {
  /** Absolute path of the entry module; one that does not exist reaches nothing. */
  main: string;
  /**
   * Absolute path of the tsconfig wrangler builds this entry with (wrangler's `tsconfig` key), tried first for
   * every file the entry reaches; `null` when the config sets none: the tsconfig nearest the entry is the
   * fallback of files whose own nearest tsconfig does not resolve a specifier.
   */
  tsconfig: string | null;
}

/** The import graphs of a run's Workers. Paths in and out are absolute; symlinks are resolved on the way in. */
export interface WorkerGraph {
  /** Indexes (into the Workers given to {@link buildWorkerGraph}) of the Workers whose entries reach `file`, ascending. */
  workersReaching(file: string): readonly number[];
  /**
   * One shortest import chain from one of Worker `worker`'s entries to `file`: `[main, …, file]` (real paths;
   * the first entry that reaches it, in the order given); `[main]` when `file` is an entry itself; `null` when
   * the Worker does not reach it.
   */
  importChain(worker: number, file: string): string[] | null;
  /** How many distinct files the Workers reach together. */
  readonly fileCount: number;
}

/**
 * @param workers each Worker's entries (none for a Worker without `main`).
 * @param resolver the run's resolver (its caches are shared with other users).
 * @param readText a file's text when the caller has it already (the CLI has read every file); `undefined`
 *   to read it from disk. Default: always from disk.
 * @returns the graph. Never throws: unreadable files and unresolvable specifiers end a chain.
 */
export function buildWorkerGraph(
  workers: readonly (readonly WorkerEntry[])[],
  resolver: ModuleResolver,
  readText: (file: string) => string | undefined = () => undefined,
): WorkerGraph {
  const specifiersByFile = new Map<string, string[]>();
  const targetsByFileAndTsconfig = new Map<string, string[]>();
  const parentsByWorker: Map<string, string | null>[] = [];
  const reach = new Map<string, number[]>();

  const specifiersOf = (file: string): string[] => {
    let specifiers = specifiersByFile.get(file);
    if (specifiers === undefined) {
      let text: string | null = readText(file) ?? null;
      try {
        text ??= fs.readFileSync(file, "utf8");
      } catch {
        // Unreadable: a dead end; the CLI reports the file itself if it is one of its inputs.
      }
      specifiers = text === null ? [] : importSpecifiers(text);
      specifiersByFile.set(file, specifiers);
    }
    return specifiers;
  };

  const targetsOf = (file: string, workerTsconfig: string | null, explicit: boolean): string[] => {
    const key = `${file}\0${workerTsconfig ?? ""}\0${explicit}`;
    let targets = targetsByFileAndTsconfig.get(key);
    if (targets === undefined) {
      targets = [];
      for (const specifier of specifiersOf(file)) {
        const target = resolver.resolve(specifier, file, workerTsconfig, explicit);
        if (target !== null && target !== file) targets.push(target);
      }
      targetsByFileAndTsconfig.set(key, targets);
    }
    return targets;
  };

  workers.forEach((entries, worker) => {
    const parents = new Map<string, string | null>();
    parentsByWorker.push(parents);
    for (const entry of entries) {
      if (!resolver.fileExists(entry.main)) continue;
      const start = resolver.realpathOfDirectory(entry.main);
      const explicit = entry.tsconfig !== null;
      const workerTsconfig = entry.tsconfig ?? resolver.nearestTsconfig(path.dirname(start));
      // Each entry is walked on its own (its tsconfig may resolve differently); what it reaches joins the Worker's.
      const seen = new Map<string, string | null>([[start, null]]);
      // Breadth first, so that the recorded chains are shortest.
      const queue = [start];
      for (let next = 0; next < queue.length; next++) {
        const file = queue[next] as string;
        for (const target of targetsOf(file, workerTsconfig, explicit)) {
          if (seen.has(target)) continue;
          seen.set(target, file);
          queue.push(target);
        }
      }
      for (const [file, parent] of seen) if (!parents.has(file)) parents.set(file, parent);
    }
    for (const file of parents.keys()) {
      const workers = reach.get(file);
      if (workers === undefined) reach.set(file, [worker]);
      else workers.push(worker);
    }
  });

  return {
    workersReaching: (file) => reach.get(resolver.realpathOfDirectory(path.resolve(file))) ?? [],
    importChain: (worker, file) => {
      const parents = parentsByWorker[worker];
      let current: string | null | undefined = resolver.realpathOfDirectory(path.resolve(file));
      if (parents === undefined || !parents.has(current)) return null;
      const chain: string[] = [];
      while (current !== null && current !== undefined) {
        chain.unshift(current);
        current = parents.get(current);
      }
      return chain;
    },
    fileCount: reach.size,
  };
}
