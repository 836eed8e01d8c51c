/**
 * Which WebSocket-related compatibility flags (`WEBSOCKET_COMPAT_FLAGS`) a
 * change of compatibility date turns on, and what that means for the code.
 */
import { AUTO_REPLY_TO_CLOSE, CLOSE_REASON_BYTE_LIMIT, WEBSOCKET_COMPAT_FLAGS, type CompatFlag } from "../compat/index.js";

/** A flag whose default date lies in `(from, to]` for one environment. */
export interface CrossedFlag {
  flag: CompatFlag;
  /**
   * `null` when the bump turns the behaviour on; otherwise the environment's
   * `compatibility_flags` already names the flag, so the bump changes nothing:
   * `enabled` (the enable flag is listed: on already) or `disabled` (the
   * disable flag is listed: it stays off).
   */
  explicitly: "enabled" | "disabled" | null;
}

/**
 * What turning each flag on means for Worker code, in one line (docs/runtime-behaviour.md).
 * A flag missing here falls back to its table `summary`.
 */
const CONSEQUENCES: ReadonlyMap<string, string> = new Map([
  [
    AUTO_REPLY_TO_CLOSE.enableFlag,
    "standard-API sockets get the runtime's Close reply: close() in a close handler is redundant and never sends a custom code, " +
      "send() there throws TypeError, proxies need accept({ allowHalfOpen: true }) on both legs; hibernatable sockets still must reply",
  ],
  [
    CLOSE_REASON_BYTE_LIMIT.enableFlag,
    "close() with a reason longer than 123 UTF-8 bytes throws SyntaxError instead of sending a frame that fails the connection",
  ],
]);

/** One line on what `flag` changes for the code once it is on. */
export function flagConsequence(flag: CompatFlag): string {
  return CONSEQUENCES.get(flag.enableFlag) ?? flag.summary;
}

/**
 * The WebSocket flags a date change crosses: those whose default date `d`
 * satisfies `from < d <= to` (dates compare as `YYYY-MM-DD` strings). With
 * `from === null` (no date before: the mode was unknown, docs/runtime-behaviour.md#no-compatibility-date) every flag
 * with `d <= to` counts. A date that does not move forward crosses nothing.
 *
 * @param from the environment's effective date before, or `null`.
 * @param to the date after, `YYYY-MM-DD`.
 * @param flags the environment's effective `compatibility_flags` (they do not change in an upgrade).
 * @returns the crossed flags, oldest default date first (the table's order).
 */
export function crossedFlags(
  from: string | null,
  to: string,
  flags: readonly string[],
  table: readonly CompatFlag[] = WEBSOCKET_COMPAT_FLAGS,
): CrossedFlag[] {
  return table
    .filter((flag) => (from === null || from < flag.defaultOnFrom) && flag.defaultOnFrom <= to)
    .map((flag) => ({
      flag,
      explicitly: flags.includes(flag.enableFlag)
        ? "enabled"
        : flag.disableFlag !== null && flags.includes(flag.disableFlag)
          ? "disabled"
          : null,
    }));
}
