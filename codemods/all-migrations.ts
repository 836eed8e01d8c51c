/**
 * jscodeshift transform `all-migrations`: every migration that runs in the
 * file's mode (`ws-close-migrate --list`), in the CLI's order and in one
 * rewrite, as the CLI does for a file. Its output equals the CLI's on a file
 * whose sockets stay in that file; unlike the CLI it does not follow sockets
 * into other modules (README "Across modules"), since jscodeshift hands a
 * transform one file at a time. The per-migration transforms beside it apply
 * one step each; only this one equals the CLI.
 *
 * ```sh
 * npx jscodeshift --no-babel --extensions=js,mjs,cjs,jsx,ts,mts,cts,tsx -t node_modules/ws-close-migrate/dist/codemods/all-migrations.js src/
 * npx jscodeshift --no-babel --extensions=… -t … --compatibility-date=2026-05-01 src/   # override the wrangler config
 * ```
 */
import type { API, FileInfo, Options, Transform } from "jscodeshift";
import { runAllMigrationsTransform } from "./run-migration-transform.js";

/** Declared so jscodeshift does not pre-parse with babel; the transform parses with typescript-estree. */
export const parser = "tsx";

/**
 * @returns the rewritten source, or `undefined` when nothing changes (jscodeshift counts the file as unmodified).
 * @throws SourceParseError when the file does not parse (jscodeshift reports it as an error and leaves the file alone).
 * @throws WranglerConfigError when the file's wrangler config is broken.
 */
const transform = ((file: FileInfo, _api: API, options: Options = {}): string | undefined =>
  runAllMigrationsTransform(file, options)) satisfies Transform;

export default transform;
