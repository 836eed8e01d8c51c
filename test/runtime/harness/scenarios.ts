// Runs many client conversations against one workerd at once and joins each with
// the exceptions its service logged.
import { parseUncaughtExceptions, type WorkerException } from "./worker-log.js";
import { delay, type WorkerdServer } from "./workerd-process.js";
import { runClient, type ClientClose, type ClientObservation, type RunClientOptions } from "./ws-client.js";

/** One conversation: a client against one listening service. */
export interface ScenarioRun {
  /** Service name; each service should take exactly one conversation, so its log and state are its own. */
  service: string;
  close: ClientClose;
  /** Path and query of the upgrade request; default `/`. */
  pathname?: string;
  /** First message; default `hello`. */
  message?: string;
}

/** What one conversation produced. */
export interface ScenarioOutcome extends ClientObservation {
  service: string;
  /** Uncaught exceptions whose stack names this service's modules. */
  exceptions: WorkerException[];
}

/** Everything one batch produced. */
export interface ScenarioBatch {
  /** Outcome by service name. */
  outcomes: Map<string, ScenarioOutcome>;
  /** Every uncaught exception in workerd's log, attributed or not (`service: null`). */
  exceptions: WorkerException[];
  /** Wall-clock milliseconds for the whole batch, settle time included. */
  ms: number;
}

/** Options of {@link runScenarios}. */
export interface RunScenariosOptions extends RunClientOptions {
  /** Milliseconds to wait after the last conversation, so late log lines arrive; default 300. */
  settleMs?: number;
  /** Every service of the config, to attribute exceptions of services without a conversation (a backend). */
  services?: readonly string[];
}

/**
 * Runs every conversation concurrently (hangs overlap, so a batch takes about
 * one close timeout), waits `settleMs`, then reads workerd's log.
 *
 * @throws {Error} two runs for one service.
 */
export async function runScenarios(
  server: WorkerdServer,
  runs: readonly ScenarioRun[],
  options: RunScenariosOptions = {},
): Promise<ScenarioBatch> {
  const seen = new Set<string>();
  for (const run of runs) {
    if (seen.has(run.service)) throw new Error(`Two conversations for service "${run.service}"`);
    seen.add(run.service);
  }
  const started = Date.now();
  const observations = await Promise.all(
    runs.map((run) => {
      const clientOptions = run.message === undefined ? options : { ...options, message: run.message };
      return runClient(server.wsUrl(run.service, run.pathname ?? "/"), run.close, clientOptions);
    }),
  );
  await delay(options.settleMs ?? 300);
  const exceptions = parseUncaughtExceptions(server.stderr(), [...new Set([...seen, ...(options.services ?? [])])]);
  const outcomes = new Map<string, ScenarioOutcome>();
  runs.forEach((run, index) => {
    outcomes.set(run.service, {
      ...(observations[index] as ClientObservation),
      service: run.service,
      exceptions: exceptions.filter((exception) => exception.service === run.service),
    });
  });
  return { outcomes, exceptions, ms: Date.now() - started };
}

/** One line for a table: `1000 "bye" clean 4 ms`, `hang (3001 ms)`, `1006 "" not clean`. */
export function describeClientOutcome(outcome: ClientObservation): string {
  if (!outcome.opened) return `no upgrade (${outcome.openError ?? "?"})`;
  if (outcome.timedOut) return `hang (no close in ${outcome.ms} ms)`;
  return `${outcome.code} ${JSON.stringify(outcome.reason)} ${outcome.clean ? "clean" : "not clean"}, ${outcome.ms} ms`;
}
