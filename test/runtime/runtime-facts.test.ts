// The runtime facts of docs/runtime-behaviour.md, pinned one by one in the real workerd.
// If a workerd release changes a fact, the test that the document names for it fails
// first (test/docs/runtime-behaviour.test.ts checks that every test it names exists).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeClientOutcome, runScenarios, type ScenarioBatch, type ScenarioOutcome } from "./harness/scenarios.js";
import { markdownTable, writeScenarioTable } from "./harness/scenario-table.js";
import type { WorkerServiceSpec } from "./harness/workerd-config.js";
import { REPO_ROOT, startWorkerd, type WorkerdServer } from "./harness/workerd-process.js";
import type { ClientClose } from "./harness/ws-client.js";
import { clampText } from "../../src/analysis/rules/no-long-close-reason.js";

const FACTS_DIR = path.join(REPO_ROOT, "fixtures/runtime/facts");
const STANDARD_SOCKET = readFileSync(path.join(FACTS_DIR, "standard-socket.js"), "utf8");
const DURABLE_OBJECT = readFileSync(path.join(FACTS_DIR, "durable-object.js"), "utf8");

/** "old" and "new": a date before the auto reply's default-on date, and that date (docs/runtime-behaviour.md#the-auto-reply-flag-and-its-date). */
const OLD = "2026-01-01";
const NEW = "2026-04-07";
const ENABLE = "web_socket_auto_reply_to_close";
const DISABLE = "web_socket_manual_reply_to_close";

/** What the client sees: a completed close, or nothing within the timeout. */
type ClientSees = "hang" | { code: number; reason: string; clean: boolean };

interface Expected {
  client: ClientSees | "not checked";
  /** Messages the client received, in order. */
  messages?: string[];
  /** Names of uncaught exceptions the service logged; default none. */
  uncaught?: string[];
  /** Subset of the Worker's GET /report (fixtures/runtime/facts/standard-socket.js). */
  report?: Record<string, unknown>;
}

interface FactRun {
  /** Column label: "old", "new", or a date/flag combination. */
  label: string;
  date: string;
  flags?: string[];
  expect: Expected;
}

interface Fact {
  /** A short name of the fact, the start of its test's title (e.g. "custom code in the handler"). */
  id: string;
  title: string;
  worker: "standard" | "hibernation" | "durable-object-standard";
  /** Text bindings of the facts Worker (see the header of standard-socket.js). */
  env: Record<string, string>;
  close: ClientClose;
  runs: FactRun[];
}

/** The reason workerd gives a close event when the peer dropped TCP (measured). */
const DROPPED_REASON = "WebSocket disconnected without sending Close frame.";

const seen = (code: number, reason: string, clean = true): ClientSees => ({ code, reason, clean });
const BYE = seen(1000, "bye");

/** The facts as measured in workerd 2026-11-17 (npm workerd 1.20261117.1). */
const FACTS: Fact[] = [
  {
    id: "no reply in the handler",
    title: "accept(), close handler does nothing",
    worker: "standard",
    env: { ON_CLOSE: "nothing" },
    close: "client-1000",
    runs: [
      { label: "old", date: OLD, expect: { client: "hang", report: { readyStateInHandler: 2 } } },
      { label: "new", date: NEW, expect: { client: BYE, report: { readyStateInHandler: 3 } } },
    ],
  },
  {
    id: "echo in the handler",
    title: "handler echoes sock.close(e.code, e.reason)",
    worker: "standard",
    env: { ON_CLOSE: "echo" },
    close: "client-1000",
    runs: [
      { label: "old", date: OLD, expect: { client: BYE, report: { readyStateInHandler: 2 } } },
      { label: "new", date: NEW, expect: { client: BYE, report: { readyStateInHandler: 3 } } },
    ],
  },
  {
    id: "custom code in the handler",
    title: 'handler sock.close(4001, "custom")',
    worker: "standard",
    env: { ON_CLOSE: "custom" },
    close: "client-1000",
    runs: [
      { label: "old", date: OLD, expect: { client: seen(4001, "custom"), report: { readyStateInHandler: 2 } } },
      { label: "new", date: NEW, expect: { client: BYE, report: { readyStateInHandler: 3 } } },
    ],
  },
  {
    id: "close() without arguments",
    title: "handler sock.close() without arguments",
    worker: "standard",
    env: { ON_CLOSE: "no-args" },
    close: "client-1000",
    runs: [
      { label: "old", date: OLD, expect: { client: seen(1005, ""), report: { readyStateInHandler: 2 } } },
      { label: "new", date: NEW, expect: { client: BYE, report: { readyStateInHandler: 3 } } },
    ],
  },
  {
    id: "half-open",
    title: "accept({ allowHalfOpen: true }), handler does nothing",
    worker: "standard",
    env: { ON_CLOSE: "nothing", HALF_OPEN: "true" },
    close: "client-1000",
    runs: [
      { label: "old", date: OLD, expect: { client: "hang", report: { readyStateInHandler: 2 } } },
      { label: "new", date: NEW, expect: { client: "hang", report: { readyStateInHandler: 2 } } },
    ],
  },
  {
    // Measured while writing require-allow-half-open: the flag only sets the
    // default of the option, so an explicit `allowHalfOpen: false` gets the auto reply on the old date too.
    id: "explicitly not half-open",
    title: "accept({ allowHalfOpen: false }), handler does nothing",
    worker: "standard",
    env: { ON_CLOSE: "nothing", HALF_OPEN: "false" },
    close: "client-1000",
    runs: [
      { label: "old", date: OLD, expect: { client: BYE, report: { readyStateInHandler: 3 } } },
      { label: "new", date: NEW, expect: { client: BYE, report: { readyStateInHandler: 3 } } },
    ],
  },
  {
    id: "echo of 1005, uncaught",
    title: "client closes without status; handler echoes, the InvalidAccessError escapes",
    worker: "standard",
    env: { ON_CLOSE: "echo" },
    close: "client-no-status",
    runs: [
      {
        label: "old",
        date: OLD,
        expect: { client: seen(1006, "", false), uncaught: ["InvalidAccessError"], report: { readyStateInHandler: 2, closeEvent: { code: 1005, reason: "", wasClean: true } } },
      },
      {
        label: "new",
        date: NEW,
        expect: { client: seen(1005, ""), uncaught: ["InvalidAccessError"], report: { readyStateInHandler: 3, closeEvent: { code: 1005, reason: "", wasClean: true } } },
      },
    ],
  },
  {
    id: "echo of 1005, caught",
    title: "client closes without status; handler echoes inside try/catch",
    worker: "standard",
    env: { ON_CLOSE: "echo-caught" },
    close: "client-no-status",
    runs: [
      { label: "old", date: OLD, expect: { client: "hang", report: { readyStateInHandler: 2, caught: "InvalidAccessError" } } },
      { label: "new", date: NEW, expect: { client: seen(1005, ""), report: { readyStateInHandler: 3, caught: "InvalidAccessError" } } },
    ],
  },
  {
    id: "hibernation, no reply",
    title: "Durable Object, Hibernation API, webSocketClose does nothing",
    worker: "hibernation",
    env: { ON_CLOSE: "nothing" },
    close: "client-1000",
    runs: [
      { label: "old", date: OLD, expect: { client: "hang", report: { readyStateInHandler: 2, closeEvent: { code: 1000, reason: "bye", wasClean: true } } } },
      { label: "new", date: NEW, expect: { client: "hang", report: { readyStateInHandler: 2, closeEvent: { code: 1000, reason: "bye", wasClean: true } } } },
      { label: `new + ${ENABLE}`, date: NEW, flags: [ENABLE], expect: { client: "hang", report: { readyStateInHandler: 2 } } },
    ],
  },
  {
    id: "hibernation, echo",
    title: "Hibernation API, webSocketClose calls ws.close(code, reason)",
    worker: "hibernation",
    env: { ON_CLOSE: "echo" },
    close: "client-1000",
    runs: [
      { label: "old", date: OLD, expect: { client: BYE, report: { readyStateInHandler: 2 } } },
      { label: "new", date: NEW, expect: { client: BYE, report: { readyStateInHandler: 2 } } },
    ],
  },
  {
    id: "Durable Object with the standard API, no reply",
    title: "Durable Object, standard API (server.accept() inside), handler does nothing",
    worker: "durable-object-standard",
    env: { ON_CLOSE: "nothing" },
    close: "client-1000",
    runs: [
      { label: "old", date: OLD, expect: { client: "hang", report: { readyStateInHandler: 2 } } },
      { label: "new", date: NEW, expect: { client: BYE, report: { readyStateInHandler: 3 } } },
    ],
  },
  {
    id: "Durable Object with the standard API, close() without arguments",
    title: "Durable Object, standard API, handler sock.close()",
    worker: "durable-object-standard",
    env: { ON_CLOSE: "no-args" },
    close: "client-1000",
    runs: [
      { label: "old", date: OLD, expect: { client: seen(1005, ""), report: { readyStateInHandler: 2 } } },
      { label: "new", date: NEW, expect: { client: BYE, report: { readyStateInHandler: 3 } } },
    ],
  },
  {
    id: "dropped connection",
    title: "client drops TCP without a Close frame; handler echoes (caught)",
    worker: "standard",
    env: { ON_CLOSE: "echo-caught" },
    close: "client-drop",
    runs: [
      { label: "old", date: OLD, expect: { client: "not checked", report: { readyStateInHandler: 1, closeEvent: { code: 1006, reason: DROPPED_REASON, wasClean: false }, caught: "InvalidAccessError" } } },
      { label: "new", date: NEW, expect: { client: "not checked", report: { readyStateInHandler: 1, closeEvent: { code: 1006, reason: DROPPED_REASON, wasClean: false }, caught: "InvalidAccessError" } } },
    ],
  },
  {
    id: "flags and dates",
    title: "the flags decide over the date; 2026-04-06 is old, 2026-04-07 new",
    worker: "standard",
    env: { ON_CLOSE: "nothing" },
    close: "client-1000",
    runs: [
      { label: `old + ${ENABLE}`, date: OLD, flags: [ENABLE], expect: { client: BYE, report: { readyStateInHandler: 3 } } },
      { label: `2026-05-01 + ${DISABLE}`, date: "2026-05-01", flags: [DISABLE], expect: { client: "hang", report: { readyStateInHandler: 2 } } },
      { label: "2026-04-06", date: "2026-04-06", expect: { client: "hang", report: { readyStateInHandler: 2 } } },
      { label: "2026-04-07", date: "2026-04-07", expect: { client: BYE, report: { readyStateInHandler: 3 } } },
    ],
  },
  {
    id: "close() arguments",
    title: "invalid close() arguments throw on an open socket, on every date",
    worker: "standard",
    env: { ON_CLOSE: "echo", VALIDATE: "true" },
    close: "client-1000",
    runs: [OLD, NEW].map((date, index) => ({
      label: index === 0 ? "old" : "new",
      date,
      expect: {
        client: BYE,
        report: {
          validation: {
            "close(1004)": "InvalidAccessError",
            "close(1005)": "InvalidAccessError",
            "close(1006)": "InvalidAccessError",
            "close(1015)": "InvalidAccessError",
            "close(999)": "InvalidAccessError",
            "close(5000)": "InvalidAccessError",
            'close(undefined, "reason")': "InvalidAccessError",
          },
        },
      },
    })),
  },
  {
    id: "reason of 124 bytes",
    title: "server closes with a 124-byte UTF-8 reason (62 characters)",
    worker: "standard",
    env: { ON_CLOSE: "nothing", SERVER_CLOSE: "reason-124-bytes" },
    close: "server-first",
    runs: [
      { label: "2026-03-02", date: "2026-03-02", expect: { client: seen(1006, "", false), report: { serverClose: "sent" } } },
      { label: "2026-03-03", date: "2026-03-03", expect: { client: seen(1000, "reason rejected"), report: { serverClose: "SyntaxError" } } },
    ],
  },
  {
    id: "emoji reason of 124 bytes",
    title: "server closes with 31 emoji: 124 UTF-8 bytes, 31 characters",
    worker: "standard",
    env: { ON_CLOSE: "nothing", SERVER_CLOSE: "reason-emoji-124-bytes" },
    close: "server-first",
    runs: [
      { label: "2026-03-02", date: "2026-03-02", expect: { client: seen(1006, "", false), report: { serverClose: "sent", serverCloseReasonBytes: 124 } } },
      { label: "2026-03-03", date: "2026-03-03", expect: { client: seen(1000, "reason rejected"), report: { serverClose: "SyntaxError", serverCloseReasonBytes: 124 } } },
    ],
  },
  {
    id: "Cyrillic reason of 124 bytes",
    title: "server closes with 62 Cyrillic letters: 124 UTF-8 bytes",
    worker: "standard",
    env: { ON_CLOSE: "nothing", SERVER_CLOSE: "reason-cyrillic-124-bytes" },
    close: "server-first",
    runs: [
      { label: "2026-03-02", date: "2026-03-02", expect: { client: seen(1006, "", false), report: { serverClose: "sent", serverCloseReasonBytes: 124 } } },
      { label: "2026-03-03", date: "2026-03-03", expect: { client: seen(1000, "reason rejected"), report: { serverClose: "SyntaxError", serverCloseReasonBytes: 124 } } },
    ],
  },
  {
    // The suggestion of ws-close/no-long-close-reason: with `stream: true` the decoder holds back the
    // incomplete emoji at byte 123, so the reason is "xx" and 30 emoji, 122 bytes, on both sides of the date.
    id: "clamped reason",
    title: "server closes with a 162-byte reason through the TextEncoder/TextDecoder({ stream: true }) clamp",
    worker: "standard",
    env: { ON_CLOSE: "nothing", SERVER_CLOSE: "reason-clamped" },
    close: "server-first",
    runs: ["2026-03-02", "2026-03-03"].map((date) => ({
      label: date,
      date,
      expect: { client: seen(1000, `xx${"😀".repeat(30)}`), report: { serverClose: "sent", serverCloseReasonBytes: 122 } },
    })),
  },
  {
    // Why the clamp needs `stream: true`: without it the cut emoji becomes U+FFFD (3 bytes), 125 in all.
    id: "clamp without stream",
    title: "the same clamp without `stream: true` ends in U+FFFD and is 125 bytes",
    worker: "standard",
    env: { ON_CLOSE: "nothing", SERVER_CLOSE: "reason-clamped-without-stream" },
    close: "server-first",
    runs: [
      { label: "2026-03-03", date: "2026-03-03", expect: { client: seen(1000, "reason rejected"), report: { serverClose: "SyntaxError", serverCloseReasonBytes: 125 } } },
    ],
  },
  {
    id: "reason of 123 bytes",
    title: "server closes with a 123-byte UTF-8 reason",
    worker: "standard",
    env: { ON_CLOSE: "nothing", SERVER_CLOSE: "reason-123-bytes" },
    close: "server-first",
    runs: [
      { label: "2026-03-03", date: "2026-03-03", expect: { client: seen(1000, `${"é".repeat(61)}x`), report: { serverClose: "sent" } } },
    ],
  },
  {
    id: "send() in the close handler",
    title: 'close handler calls sock.send("goodbye"), then echoes',
    worker: "standard",
    env: { ON_CLOSE: "send-then-echo" },
    close: "client-1000",
    runs: [
      { label: "old", date: OLD, expect: { client: BYE, messages: ["hello", "goodbye"], report: { send: "sent" } } },
      { label: "new", date: NEW, expect: { client: BYE, messages: ["hello"], report: { send: "TypeError" } } },
    ],
  },
  {
    id: "send() in the close handler, half-open",
    title: 'accept({ allowHalfOpen: true }); close handler sends "goodbye", then echoes',
    worker: "standard",
    env: { ON_CLOSE: "send-then-echo", HALF_OPEN: "true" },
    close: "client-1000",
    runs: [{ label: "new", date: NEW, expect: { client: BYE, messages: ["hello", "goodbye"], report: { send: "sent" } } }],
  },
  {
    id: "hibernation, echo of 1005",
    title: "client closes without status; webSocketClose echoes and the InvalidAccessError escapes",
    worker: "hibernation",
    env: { ON_CLOSE: "echo" },
    close: "client-no-status",
    runs: [
      { label: "old", date: OLD, expect: { client: "hang", uncaught: ["InvalidAccessError"] } },
      { label: "new", date: NEW, expect: { client: "hang", uncaught: ["InvalidAccessError"] } },
    ],
  },
];

function serviceName(fact: Fact, run: FactRun): string {
  const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/gu, "-").replace(/^-|-$/gu, "");
  return `fact-${slug(fact.id)}-${slug(run.label)}`;
}

function serviceFor(fact: Fact, run: FactRun): WorkerServiceSpec {
  const base = {
    name: serviceName(fact, run),
    compatibilityDate: run.date,
    compatibilityFlags: run.flags ?? [],
  };
  if (fact.worker === "standard") {
    return { ...base, modules: [{ path: "standard-socket.js", source: STANDARD_SOCKET }], text: fact.env };
  }
  return {
    ...base,
    modules: [
      { path: "durable-object.js", source: DURABLE_OBJECT },
      { path: "standard-socket.js", source: STANDARD_SOCKET },
    ],
    text: { ...fact.env, API: fact.worker === "hibernation" ? "hibernation" : "standard" },
    durableObjects: [
      { className: "HibernatingRoom", binding: "HIBERNATING_ROOM" },
      { className: "StandardRoom", binding: "STANDARD_ROOM" },
    ],
  };
}

/** The part of an outcome a fact pins, in the shape of {@link Expected}. */
function observed(outcome: ScenarioOutcome, report: Record<string, unknown>, expected: Expected): Expected {
  const client: Expected["client"] =
    expected.client === "not checked"
      ? "not checked"
      : outcome.timedOut
        ? "hang"
        : { code: outcome.code ?? -1, reason: outcome.reason ?? "", clean: outcome.clean };
  const result: Expected = { client };
  if (expected.messages !== undefined) result.messages = outcome.messages;
  result.uncaught = outcome.exceptions.map((exception) => exception.name);
  if (expected.report !== undefined) {
    result.report = Object.fromEntries(Object.keys(expected.report).map((key) => [key, report[key]]));
  }
  return result;
}

describe("runtime facts in workerd", () => {
  let server: WorkerdServer | undefined;
  let batch: ScenarioBatch;
  const reports = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    const services = FACTS.flatMap((fact) => fact.runs.map((run) => serviceFor(fact, run)));
    server = await startWorkerd({ workers: services }, { tmpPrefix: "ws-close-facts-" });
    const running = server;
    batch = await runScenarios(
      running,
      FACTS.flatMap((fact) => fact.runs.map((run) => ({ service: serviceName(fact, run), close: fact.close }))),
    );
    await Promise.all(
      services.map(async (service) => {
        const response = await fetch(running.httpUrl(service.name, "/report"));
        reports.set(service.name, (await response.json()) as Record<string, unknown>);
      }),
    );
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    if (batch) writeScenarioTable("runtime-facts", factsTable(batch, reports));
  });

  it.each(FACTS.map((fact) => [`${fact.id}: ${fact.title}`, fact] as const))("%s", (_title, fact) => {
    for (const run of fact.runs) {
      const name = serviceName(fact, run);
      const outcome = batch.outcomes.get(name);
      expect(outcome?.opened, `${name} opened`).toBe(true);
      const expected: Expected = { ...run.expect, uncaught: run.expect.uncaught ?? [] };
      expect(observed(outcome as ScenarioOutcome, reports.get(name) ?? {}, expected), `${fact.id}, ${run.label}`).toEqual(expected);
    }
  });

  it("clamped reason: the facts Worker runs exactly the clamp that no-long-close-reason suggests", () => {
    expect(STANDARD_SOCKET).toContain(`return ${clampText("OVERLONG_REASON")};`);
  });

  it("blames every uncaught exception in the log on one service", () => {
    expect(batch.exceptions.filter((exception) => exception.service === null)).toEqual([]);
  });

  it("rejects a Worker that lists both flags (an invalid configuration)", async () => {
    const both: WorkerServiceSpec = {
      name: "both-flags",
      modules: [{ path: "standard-socket.js", source: STANDARD_SOCKET }],
      compatibilityDate: NEW,
      compatibilityFlags: [ENABLE, DISABLE],
    };
    await expect(startWorkerd({ workers: [both] }, { tmpPrefix: "ws-close-facts-both-" })).rejects.toThrow(
      `Compatibility flags are mutually contradictory: ${ENABLE} vs ${DISABLE}`,
    );
  });
});

function factsTable(result: ScenarioBatch, reports: ReadonlyMap<string, Record<string, unknown>>): string {
  const rows = FACTS.flatMap((fact) =>
    fact.runs.map((run) => {
      const name = serviceName(fact, run);
      const observed = result.outcomes.get(name);
      const report = reports.get(name) ?? {};
      const server = Object.entries(report)
        .filter(([, value]) => value !== null)
        .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
        .join("; ");
      return [
        `${fact.id}: ${fact.title}`,
        `${run.date}${run.flags?.length ? ` +${run.flags.join(",")}` : ""} (${run.label})`,
        fact.close,
        observed ? (fact.close === "client-drop" ? "(dropped by the client)" : describeClientOutcome(observed)) : "?",
        observed?.messages.join(" / ") ?? "",
        observed?.exceptions.map((exception) => exception.name).join(", ") || "none",
        server,
      ];
    }),
  );
  return markdownTable(["fact", "date/flags", "client close", "client observed", "messages", "uncaught", "server saw (GET /report)"], rows);
}
