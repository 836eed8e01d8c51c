/**
 * jscodeshift transform `auto-reply-to-close`: removes the `close()` replies
 * that the runtime's automatic reply to Close frames makes redundant
 * (`web_socket_auto_reply_to_close`, default from compatibility date 2026-04-07),
 * and accepts proxy legs with `{ allowHalfOpen: true }` so that their close
 * still travels end to end. It applies exactly the fixes of
 * `ws-close/no-redundant-close` and `ws-close/require-allow-half-open` for the
 * file's mode (`auto`, or `mixed`, where only the half-open fix applies), so its
 * output equals `eslint --fix` with only those rules on (`all-migrations` runs them all).
 *
 * ```sh
 * npx jscodeshift -t node_modules/ws-close-migrate/dist/codemods/auto-reply-to-close.js src/
 * npx jscodeshift -t … --compatibility-date=2026-05-01 src/   # override the wrangler config
 * ```
 */
import type { API, FileInfo, Options, Transform } from "jscodeshift";
import { runMigrationTransform } from "./run-migration-transform.js";

/** The transform's jscodeshift parser: unused (the transform parses with typescript-estree), declared so jscodeshift does not pre-parse with babel. */
export const parser = "tsx";

/**
 * @returns the rewritten source, or `undefined` when nothing changes (jscodeshift counts the file as unmodified).
 * @throws SourceParseError when the file does not parse (jscodeshift reports it as an error and leaves the file alone).
 * @throws WranglerConfigError when the file's wrangler config is broken.
 */
const transform = ((file: FileInfo, _api: API, options: Options = {}): string | undefined =>
  runMigrationTransform("auto-reply-to-close", file, options)) satisfies Transform;

export default transform;
