/**
 * jscodeshift transform `reserved-close-code`: guards a `close()` that passes
 * on a received close code (`event.code`, `webSocketClose`'s `code`), so that
 * it cannot throw `InvalidAccessError`: 1005 (the peer sent no status) is
 * answered with an empty Close frame, and after 1006 or 1015 the call is
 * skipped, as the runtime's own echo would do (docs/runtime-behaviour.md#reserved-close-codes-throw,
 * docs/rules/no-reserved-close-code.md#the-fix). The throw does
 * not depend on the compatibility date, so the transform runs in every mode.
 * It applies exactly the fixes of `ws-close/no-reserved-close-code`, so its
 * output equals `eslint --fix` with only that rule on (`all-migrations` runs them all).
 *
 * ```sh
 * npx jscodeshift --no-babel -t node_modules/ws-close-migrate/dist/codemods/reserved-close-code.js src/
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
  runMigrationTransform("reserved-close-code", file, options)) satisfies Transform;

export default transform;
