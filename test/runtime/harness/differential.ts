// What "the same observable outcome" means, and how each declared defect shows.
import type { DefectKind } from "./runtime-manifest.js";
import type { ScenarioOutcome } from "./scenarios.js";
import { CLIENT_CLOSE, type ClientClose } from "./ws-client.js";
import { BACKEND_CLOSE_DELAY_MS } from "./transform-plan.js";

/** The Close frame the runtime's own auto reply sends for a client close: the client's status, or 1005 for none. */
export function runtimeEcho(close: ClientClose): { code: number; reason: string } | null {
  if (close === "client-1000") return { ...CLIENT_CLOSE };
  if (close === "client-no-status") return { code: 1005, reason: "" };
  return null;
}

/**
 * Differences a user would notice between two outcomes of the same client
 * close: upgrade (and why it failed), messages received, hang, clean close,
 * handler exceptions, close code and reason. Time is not compared, and messages
 * are compared after {@link normalizeMessage} (timestamps, random ids).
 *
 * With `allowEchoDifference`, the documented echo difference is not a
 * difference: `a` is a manual reply that echoed the client's close with the
 * code and/or the reason dropped (`close()` sends an empty Close, 1005,
 * docs/runtime-behaviour.md#close-without-arguments-sends-an-empty-close-frame; `close(code)` sends no reason) and `b` is the runtime's full echo
 * ({@link runtimeEcho}).
 *
 * @returns one sentence per difference; `[]` when the outcomes match.
 */
export function outcomeDifferences(
  a: ScenarioOutcome,
  b: ScenarioOutcome,
  close: ClientClose,
  allowEchoDifference: boolean,
): string[] {
  const differences: string[] = [];
  const compare = (what: string, x: unknown, y: unknown): void => {
    if (JSON.stringify(x) !== JSON.stringify(y)) differences.push(`${what}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
  };
  compare("upgrade", [a.opened, a.openError], [b.opened, b.openError]);
  compare("messages", a.messages.map(normalizeMessage), b.messages.map(normalizeMessage));
  compare("hang", a.timedOut, b.timedOut);
  compare("clean close", a.clean, b.clean);
  compare("handler exceptions", exceptionNames(a), exceptionNames(b));
  const sameStatus = a.code === b.code && a.reason === b.reason;
  if (!sameStatus && !(allowEchoDifference && isPartialEcho(a, b, close))) {
    compare("close code and reason", [a.code, a.reason], [b.code, b.reason]);
  }
  return differences;
}

/**
 * A received message with what differs from run to run by design replaced:
 * UUIDs (`crypto.randomUUID()`) by `<uuid>`, and numbers of 10 or more digits
 * (`Date.now()` timestamps) by `<number>`.
 */
export function normalizeMessage(message: string): string {
  return message
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/giu, "<uuid>")
    .replace(/\d{10,}/gu, "<number>");
}

function isPartialEcho(a: ScenarioOutcome, b: ScenarioOutcome, close: ClientClose): boolean {
  const echo = runtimeEcho(close);
  if (echo === null || b.code !== echo.code || b.reason !== echo.reason) return false;
  if (a.code === 1005) return a.reason === "";
  return a.code === echo.code && a.reason === "";
}

/**
 * Why an outcome is not what a user should get: no upgrade, a hang, an unclean
 * close (1006), or an exception in a handler.
 *
 * @returns one sentence per problem; `[]` when healthy.
 */
export function outcomeProblems(outcome: ScenarioOutcome): string[] {
  const problems: string[] = [];
  if (!outcome.opened) problems.push(`no upgrade (${outcome.openError ?? "?"})`);
  if (outcome.timedOut) problems.push(`the close hangs (nothing within ${outcome.ms} ms)`);
  else if (!outcome.clean) problems.push(`unclean close ${outcome.code}`);
  for (const exception of outcome.exceptions) problems.push(`handler threw ${exception.name}: ${exception.message}`);
  return problems;
}

/** Evidence for a defect, all for the same client close. */
export interface DefectEvidence {
  close: ClientClose;
  /** The unmigrated code under the old configuration. */
  before: ScenarioOutcome;
  /** The code under test under the new configuration (the unmigrated input, or the output). */
  after: ScenarioOutcome;
}

/** How one kind of defect shows to the client or in the log. */
export interface DefectCheck {
  /** One sentence, for the table. */
  description: string;
  /** True when the defect does not touch what the differential compares (only time), so it still applies. */
  comparable: boolean;
  /** True when `evidence.after` shows the defect. */
  shows(evidence: DefectEvidence): boolean;
}

/** The check of every {@link DefectKind}. */
export const DEFECT_CHECKS: Readonly<Record<DefectKind, DefectCheck>> = {
  "echo-of-1005": {
    description: "the handler echoes the received 1005 and close() throws InvalidAccessError (docs/runtime-behaviour.md#a-close-without-a-status-arrives-as-1005)",
    comparable: false,
    shows: ({ after }) => after.exceptions.some((exception) => exception.name === "InvalidAccessError"),
  },
  "reserved-code-throws": {
    description: "a handler passes on a received 1006 or 1015 (the other leg dropped) and close() throws InvalidAccessError (docs/runtime-behaviour.md#reserved-close-codes-throw)",
    comparable: false,
    shows: ({ after }) => after.exceptions.some((exception) => exception.name === "InvalidAccessError"),
  },
  "custom-code-dropped": {
    description: "the custom close code sent on the old date never reaches the client on the new one (docs/runtime-behaviour.md#a-custom-close-code-is-never-sent-after-the-auto-reply)",
    comparable: false,
    shows: ({ close, before, after }) => {
      const echo = runtimeEcho(close);
      return (
        echo !== null &&
        !before.timedOut &&
        before.code !== echo.code &&
        before.code !== 1005 &&
        after.code === echo.code &&
        after.reason === echo.reason
      );
    },
  },
  "lost-close-coordination": {
    description: `the client's close completes before the backend answered (it waits ${BACKEND_CLOSE_DELAY_MS} ms): no end-to-end close (docs/runtime-behaviour.md#proxies-lose-their-close-coordination-with-the-auto-reply)`,
    comparable: true,
    shows: ({ before, after }) =>
      !before.timedOut && before.ms >= BACKEND_CLOSE_DELAY_MS && !after.timedOut && after.ms < BACKEND_CLOSE_DELAY_MS,
  },
  "missing-reply": {
    description: "nobody answers the client's Close frame: the client hangs (docs/runtime-behaviour.md#a-client-nobody-answers-hangs)",
    comparable: false,
    shows: ({ after }) => after.timedOut,
  },
};

function exceptionNames(outcome: ScenarioOutcome): string[] {
  return outcome.exceptions.map((exception) => exception.name).sort();
}
