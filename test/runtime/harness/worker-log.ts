// Reads uncaught exceptions out of workerd's --verbose log.
//
// workerd 2026-11-17 logs an exception that escapes a handler as
//   workerd/io/worker.c++:NNNN: info: uncaught exception; source = Uncaught; stack = InvalidAccessError: Invalid WebSocket close code: 1005.
//       at WebSocket.<anonymous> (<service>/input.js:10:14)
// The stack names the module, and every module name starts with its service's
// name (workerd-config.ts), so each exception is attributed to one service.

/** One uncaught exception from workerd's log. */
export interface WorkerException {
  /** `source = ...`: `Uncaught`, `Uncaught (in promise)`, ... */
  source: string;
  /** Exception class, e.g. `InvalidAccessError`, `TypeError`. */
  name: string;
  /** Message after the class name. */
  message: string;
  /** The `at ...` lines, trimmed. */
  frames: string[];
  /** Service whose module appears first in the stack, or `null` when none does. */
  service: string | null;
}

const UNCAUGHT = /uncaught exception; source = ([^;\n]*); stack = ([^\n]*)((?:\n[ \t]+at [^\n]*)*)/gu;

/**
 * Every uncaught exception in `log` (workerd's stderr), in log order.
 *
 * @param log workerd's stderr text.
 * @param services names of the services that may be blamed; a frame `(<name>/...)` attributes
 *   the exception to `<name>`. Longest names are tried first, so a name that prefixes another is safe.
 */
export function parseUncaughtExceptions(log: string, services: readonly string[]): WorkerException[] {
  const byLength = [...services].sort((a, b) => b.length - a.length);
  const found: WorkerException[] = [];
  for (const match of log.matchAll(UNCAUGHT)) {
    const head = match[2] ?? "";
    const colon = head.indexOf(":");
    const frames = (match[3] ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    const service = attribute(frames, byLength);
    found.push({
      source: (match[1] ?? "").trim(),
      name: colon >= 0 ? head.slice(0, colon) : head,
      message: colon >= 0 ? head.slice(colon + 1).trim() : "",
      frames,
      service,
    });
  }
  return found;
}

function attribute(frames: readonly string[], services: readonly string[]): string | null {
  for (const frame of frames) {
    for (const service of services) {
      if (frame.includes(`(${service}/`) || frame.includes(` ${service}/`)) return service;
    }
  }
  return null;
}
