/**
 * jscodeshift transform `manual-reply-to-close`: adds the missing close reply
 * to standard-API close handlers where the runtime does not answer Close frames
 * itself: on a date without `web_socket_auto_reply_to_close` (before
 * 2026-04-07, or with `web_socket_manual_reply_to_close`; `manual` and `mixed`
 * files), and, in every mode, on sockets accepted with `allowHalfOpen: true`
 * (docs/runtime-behaviour.md#without-the-auto-reply-only-your-code-answers, docs/runtime-behaviour.md#half-open-sockets-are-never-answered-by-the-runtime). The reply cannot throw for any code the runtime
 * delivers. It applies exactly the fixes of `ws-close/require-close-reply`, so
 * its output equals `eslint --fix` with only that rule on (`all-migrations` runs them all).
 *
 * ```sh
 * npx jscodeshift --no-babel -t node_modules/ws-close-migrate/dist/codemods/manual-reply-to-close.js src/
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
  runMigrationTransform("manual-reply-to-close", file, options)) satisfies Transform;

export default transform;
