/**
 * jscodeshift transform `hibernation-close`: adds the missing close reply to a
 * Durable Object's `webSocketClose(ws, code, reason)`. The runtime never
 * answers Close frames on hibernatable sockets, on any compatibility date
 * (docs/runtime-behaviour.md#hibernatable-sockets-are-never-answered-by-the-runtime), so a handler without a reply leaves the client's close hanging.
 * It applies exactly the fixes of `ws-close/require-hibernation-close`, so its
 * output equals `eslint --fix` with the plugin. It runs in every mode.
 *
 * ```sh
 * npx jscodeshift --no-babel -t node_modules/ws-close-migrate/dist/codemods/hibernation-close.js src/
 * ```
 */
import { runMigrationTransform, type TransformFile, type TransformOptions } from "./run-migration-transform.js";

export type { TransformFile, TransformOptions };

/** Declared so jscodeshift does not pre-parse with babel; the transform parses with typescript-estree. */
export const parser = "tsx";

/**
 * @returns the rewritten source, or `undefined` when nothing changes.
 * @throws SourceParseError when the file does not parse; WranglerConfigError when its wrangler config is broken.
 */
export default function transform(file: TransformFile, _api: unknown, options: TransformOptions = {}): string | undefined {
  return runMigrationTransform("hibernation-close", file, options);
}
