// The differential property, for every fixture of fixtures/transforms/: the input
// under its old configuration and the output under its new one look the same to
// a WebSocket client in the real workerd (up to the documented echo difference),
// and a defect the fixture declares in runtime.json shows in the unmigrated code
// under the new configuration. See test/runtime/README.md.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFECT_CHECKS, outcomeDifferences, outcomeProblems } from "./harness/differential.js";
import type { RuntimeCompat } from "./harness/fixture-worker.js";
import { describeClientOutcome, runScenarios, type ScenarioBatch, type ScenarioOutcome } from "./harness/scenarios.js";
import { markdownTable, writeScenarioTable } from "./harness/scenario-table.js";
import {
  backendServiceName,
  conversationLabel,
  declaredDefects,
  fixtureServiceName,
  transformRuntimePlans,
  transformScenarioRuns,
  transformWorkerdConfig,
  type FixtureRun,
  type PlanRoute,
  type TransformRuntimePlan,
} from "./harness/transform-plan.js";
import { startWorkerd, type WorkerdServer } from "./harness/workerd-process.js";
import type { ClientClose } from "./harness/ws-client.js";

const plans = transformRuntimePlans();
const running = plans.filter((plan) => plan.notRun === null);

let server: WorkerdServer | undefined;
let batch: ScenarioBatch | undefined;

beforeAll(async () => {
  const config = await transformWorkerdConfig(running);
  server = await startWorkerd(config, { tmpPrefix: "ws-close-transforms-" });
  batch = await runScenarios(server, transformScenarioRuns(running), { services: config.workers.map((worker) => worker.name) });
}, 30_000);

afterAll(async () => {
  await server?.stop();
  if (batch) writeScenarioTable("transform-fixtures", scenarioTable(batch));
});

function outcome(
  plan: TransformRuntimePlan,
  route: PlanRoute,
  variant: FixtureRun["variant"],
  compat: RuntimeCompat,
  close: ClientClose,
): ScenarioOutcome {
  const name = fixtureServiceName(plan, route, { variant, compat }, close);
  const found = batch?.outcomes.get(name);
  if (!found) throw new Error(`no outcome for ${name}`);
  return found;
}

function at(variant: FixtureRun["variant"], compat: RuntimeCompat): string {
  return `${variant}@${compat.slug} (${compat.date}${compat.flags.length > 0 ? ` +${compat.flags.join(",")}` : ""})`;
}

describe("transform fixtures in workerd: input under the old mode = output under the new mode", () => {
  it("has a plan for every fixture directory", () => {
    expect(plans.length).toBeGreaterThanOrEqual(12);
    for (const plan of running) {
      const conversations = plan.routes.reduce((sum, route) => sum + route.closes.length, 0);
      expect(plan.runs.length * conversations, plan.name).toBeGreaterThanOrEqual(2);
    }
  });

  describe.each(plans.map((plan) => [plan.name, plan] as const))("%s", (_name, plan) => {
    if (plan.notRun !== null) {
      it.skip(`NOT RUN: ${plan.notRun}`, () => {});
      return;
    }

    const conversations = plan.routes.flatMap((route) => route.closes.map((close) => [conversationLabel(route, close), route, close] as const));
    it.each(conversations)("%s", (_label, route, close) => {
      const { fixes, keeps } = declaredDefects(route, close);
      const declared = [...fixes, ...keeps];
      const before = outcome(plan, route, "input", plan.compat.old, close);
      const unmigrated = outcome(plan, route, "input", plan.compat.new, close);
      const after = outcome(plan, route, "output", plan.compat.new, close);
      const upgrades = route.upgrade;

      for (const run of plan.runs) {
        expect(outcome(plan, route, run.variant, run.compat, close).opened, `${at(run.variant, run.compat)} upgraded`).toBe(upgrades);
      }

      // Each declared defect shows in the unmigrated code under the new configuration; in a `mixed` fixture,
      // under one of its environments (a missing reply hangs only where the date is old, docs/runtime-behaviour.md#without-the-auto-reply-only-your-code-answers).
      for (const kind of declared) {
        const shownUnder = plan.mode === "mixed" ? plan.compat.environments : [plan.compat.new];
        const shows = shownUnder.some((compat) =>
          DEFECT_CHECKS[kind].shows({ close, before, after: outcome(plan, route, "input", compat, close) }),
        );
        expect(shows, `${kind} in ${shownUnder.map((compat) => at("input", compat)).join(" or ")}`).toBe(true);
      }

      // Under every configuration the output runs under: fixed defects are gone, kept ones remain,
      // and where nothing is declared the rewrite changed nothing a client can see.
      for (const compat of plan.compat.environments) {
        const input = outcome(plan, route, "input", compat, close);
        const output = outcome(plan, route, "output", compat, close);
        for (const kind of fixes) {
          expect(DEFECT_CHECKS[kind].shows({ close, before, after: output }), `${kind} fixed in ${at("output", compat)}`).toBe(false);
        }
        for (const kind of keeps) {
          expect(DEFECT_CHECKS[kind].shows({ close, before, after: output }), `${kind} kept in ${at("output", compat)}`).toBe(true);
        }
        if (declared.length === 0 || !plan.changed) {
          expect(outcomeDifferences(input, output, close, false), `${at("input", compat)} vs ${at("output", compat)}`).toEqual([]);
        }
        if (upgrades && keeps.every((kind) => DEFECT_CHECKS[kind].comparable)) {
          expect(outcomeProblems(output), at("output", compat)).toEqual([]);
        }
      }

      // The differential property: old input = new output, up to the documented echo difference.
      if (declared.every((kind) => DEFECT_CHECKS[kind].comparable)) {
        expect(
          outcomeDifferences(before, after, close, true),
          `${at("input", plan.compat.old)} vs ${at("output", plan.compat.new)}; declare the defect in runtime.json if this is intended`,
        ).toEqual([]);
      }
    });
  });

  it("blames every uncaught exception on a fixture service, never on a backend (unless the backend means it)", () => {
    const backends = new Set(running.flatMap((plan) => (plan.manifest.backend ? [backendServiceName(plan.manifest.backend)] : [])));
    const exceptions = batch?.exceptions ?? [];
    // A close listener that throws while an `error` listener is registered on its socket is logged twice by
    // workerd: once with the listener's stack, and once more "Uncaught (in promise)" with no stack at all
    // (seen with fixtures/transforms/close-and-error-handler-echo). The stackless copy of an exception that a
    // fixture service also logged is that second report; any other stackless exception still fails here.
    const attributed = new Set(
      exceptions.filter((exception) => exception.service !== null && !backends.has(exception.service)).map((exception) => `${exception.name}: ${exception.message}`),
    );
    const secondReport = (exception: (typeof exceptions)[number]): boolean =>
      exception.service === null && exception.frames.length === 0 && attributed.has(`${exception.name}: ${exception.message}`);
    // drop-on-close.js throws on purpose: an uncaught exception is how a Worker drops a connection (docs/runtime-behaviour.md#a-close-without-a-status-arrives-as-1005).
    const intended = (exception: (typeof exceptions)[number]) => exception.message.startsWith("intended by the backend:");
    expect(
      exceptions.filter(
        (exception) =>
          !intended(exception) &&
          ((exception.service === null && !secondReport(exception)) || (exception.service !== null && backends.has(exception.service))),
      ),
    ).toEqual([]);
  });
});

function scenarioTable(result: ScenarioBatch): string {
  const rows: string[][] = [];
  for (const plan of plans) {
    const kind = `${plan.mode}, ${plan.changed ? "changed" : "kept"}${plan.packages.length > 0 ? `, bundled with ${plan.packages.join(", ")}` : ""}`;
    if (plan.notRun !== null) {
      rows.push([plan.name, kind, "—", "—", `NOT RUN: ${plan.notRun}`, "", "", ""]);
      continue;
    }
    for (const route of plan.routes) {
      for (const run of plan.runs) {
        for (const close of route.closes) {
          const observed = result.outcomes.get(fixtureServiceName(plan, route, run, close));
          if (!observed) continue;
          const { fixes, keeps } = declaredDefects(route, close);
          const role =
            run.variant === "input" && run.compat === plan.compat.new
              ? [...fixes.map((kind) => `shows ${kind} (fixed)`), ...keeps.map((kind) => `shows ${kind} (kept)`)].join("; ")
              : "";
          rows.push([
            plan.name,
            kind,
            at(run.variant, run.compat),
            route.name === null ? close : `${close} ${route.path ?? "/"}`,
            describeClientOutcome(observed),
            observed.messages.join(" / "),
            observed.exceptions.map((exception) => exception.name).join(", ") || "none",
            role,
          ]);
        }
      }
    }
  }
  return markdownTable(["fixture", "mode", "run", "client close", "client observed", "messages", "handler exception", "declared defect"], rows);
}
