/** Types of `generate-monorepo.mjs` (plain JavaScript, run by `npm run bench` without a build). */
export declare const WORKERS_AT_SCALE_1: number;
export declare const FILES_PER_WORKER: number;
export declare const PACKAGES_AT_SCALE_1: number;
export declare const FILES_PER_PACKAGE: number;
export declare const WEBSOCKET_SHARE: number;
export declare const WEBSOCKET_TEMPLATES: readonly string[];

export interface GeneratedMonorepo {
  dir: string;
  seed: number;
  scale: number;
  workers: number;
  packages: number;
  configs: Record<"jsonc" | "toml" | "json", number>;
  sourceFiles: number;
  webSocketFiles: number;
  templates: Record<string, number>;
  /** Total size of the source files, in bytes (UTF-8). */
  bytes: number;
  /** The source files, relative to `dir`, `/`-separated, in generation order. */
  files: string[];
}

export declare function generateMonorepo(options: { dir: string; seed?: number; scale?: number }): GeneratedMonorepo;

/** mulberry32: a seeded PRNG returning floats in [0, 1). */
export declare function createRandom(seed: number): () => number;
