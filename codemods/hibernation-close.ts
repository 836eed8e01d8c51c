/**
 * jscodeshift transform `hibernation-close`: adds the missing close reply to a
 * Durable Object's `webSocketClose(ws, code, reason)`. The runtime never
 * answers Close frames on hibernatable sockets, on any compatibility date
 * (docs/runtime-behaviour.md#hibernatable-sockets-are-never-answered-by-the-runtime), so a handler without a reply leaves the client's close hanging.
 * It applies exactly the fixes of `ws-close/require-hibernation-close`, so its
 * output equals `eslint --fix` with only that rule on (`all-migrations` runs them all). It runs in every mode.
 *
 * ```sh
 * npx jscodeshift --no-babel -t node_modules/ws-close-migrate/dist/codemods/hibernation-close.js src/
 * ```
 */
import type { API, FileInfo, Options, Transform } from "jscodeshift";
import { runMigrationTransform } from "./run-migration-transform.js";

/** Declared so jscodeshift does not pre-parse with babel; the transform parses with typescript-estree. */
export const parser = "tsx";

/**
 * @returns the rewritten source, or `undefined` when nothing changes.
 * @throws SourceParseError when the file does not parse; WranglerConfigError when its wrangler config is broken.
 */
const transform = ((file: FileInfo, _api: API, options: Options = {}): string | undefined =>
  runMigrationTransform("hibernation-close", file, options)) satisfies Transform;

export default transform;
