/**
 * A property test of the rewrites (issue 14): generated close-handler programs
 * (`close-handler-arbitraries.ts`: handler forms, socket naming, statement
 * forms, comments, ASI style, CRLF, half-open sockets, proxies, Durable
 * Objects, Hono) run through the CLI's `migrate()` in one temporary Worker
 * project per mode: a `wrangler.jsonc` dated 2026-05-01 (`auto`), one dated
 * 2025-09-15 (`manual`), and one whose environments disagree (`mixed`). For
 * every program:
 * 1. the output parses (`parseSource`);
 * 2. a second run over the outputs changes nothing;
 * 3. no byte outside the spans the generator marks editable changes, and a
 *    CRLF file gets no bare line feed;
 * 4. every statement outside those spans is still a statement of the output,
 *    with the same text: the bytes kept also mean what they meant (a removed
 *    line must not make the lines around it one statement, `a = {}` + `(b)`).
 *
 * The programs come from a fixed seed (`fc.sample`), many files per
 * `migrate()` run (one run per program would take minutes). Size:
 * `WS_CLOSE_PROPERTY_RUNS` programs per mode (default 1,000, 3,000 in all:
 * about 11 s on 2 cores, each program migrated twice and parsed twice), in
 * projects of at most `BATCH_SIZE` files; `WS_CLOSE_PROPERTY_SEED` picks the
 * seed. A long run (about 4 minutes on 2 cores):
 *
 *     WS_CLOSE_PROPERTY_RUNS=20000 WS_CLOSE_PROPERTY_SEED=7 npx vitest run test/property
 *
 * On a failure, the first failing program is replayed alone and shrunk by
 * fast-check (same seed, `path` = its index), and the test fails with the
 * batch's first failure and the smallest program that still fails.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { visitorKeys } from "@typescript-eslint/visitor-keys";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parseSource } from "../../src/analysis/parse/parse-source.js";
import { migrate } from "../../src/migrate/migrate.js";
import type { FileResult } from "../../src/migrate/types.js";
import { changeOutsideSpans, programArb, renderProgram, type Mode, type RenderedProgram } from "./close-handler-arbitraries.js";

const RUNS = Number(process.env.WS_CLOSE_PROPERTY_RUNS ?? 1000);
const SEED = Number(process.env.WS_CLOSE_PROPERTY_SEED ?? 14);
/** Files per temporary project (one `migrate()` run each), so that a long run does not hold every text at once. */
const BATCH_SIZE = 2500;
const MODES: readonly Mode[] = ["auto", "manual", "mixed"];

const CONFIGS: Record<Mode, string> = {
  auto: '{ "compatibility_date": "2026-05-01" }\n',
  manual: '{ "compatibility_date": "2025-09-15" }\n',
  mixed: '{\n  "compatibility_date": "2026-05-01",\n  // legacy runs without auto reply: the files run under both\n  "env": { "legacy": { "compatibility_date": "2025-09-15" } },\n}\n',
};

/** Fixes that must apply at least once in a mode's run of the default size, so that the generator keeps reaching them. */
const EXPECTED_FIXES: Record<Mode, readonly string[]> = {
  auto: ["no-redundant-close", "require-allow-half-open", "require-hibernation-close", "no-reserved-close-code", "require-close-reply"],
  manual: ["require-hibernation-close", "no-reserved-close-code", "require-close-reply"],
  mixed: ["require-allow-half-open", "require-hibernation-close", "no-reserved-close-code", "require-close-reply"],
};

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** One program that breaks a property. */
interface Failure {
  index: number;
  problem: string;
  input: string;
  output?: string;
}

/** What one `checkPrograms` found. */
interface BatchOutcome {
  failures: Failure[];
  /** Fixes applied, by rule id without the `ws-close/` namespace. */
  applied: Map<string, number>;
  changed: number;
}

/** A program's text and output for a failure message, carriage returns shown. */
function describeFailure(failure: Failure): string {
  const shown = (text: string): string => text.replace(/\r/gu, "␍");
  const parts = [`program ${failure.index}: ${failure.problem}`, "--- input ---", shown(failure.input)];
  if (failure.output !== undefined) parts.push("--- output ---", shown(failure.output));
  return parts.join("\n");
}

/**
 * A statement's text as a key, without a final `;` and the white space and
 * comments before it: the `;` that semicolon-less code puts before a line
 * starting with `(` ends whichever statement comes before it, so it moves to
 * the statement before a removed one.
 */
function statementKey(type: string, text: string): string {
  return `${type} ${text.replace(/(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*;$/u, "")}`;
}

/** The keys (`statementKey`) of the statements of `ast`, those that overlap a span of `outside` left out. */
function statementKeys(ast: TSESTree.Program, text: string, outside?: ReadonlyArray<{ start: number; end: number }>): string[] {
  const keys: string[] = [];
  const overlaps = ([start, end]: readonly [number, number]): boolean =>
    outside!.some((span) => (span.start === span.end ? start < span.start && span.start < end : span.start < end && span.end > start));
  const visit = (node: TSESTree.Node): void => {
    if ((node.type.endsWith("Statement") || node.type.endsWith("Declaration")) && !(outside && overlaps(node.range))) {
      keys.push(statementKey(node.type, text.slice(node.range[0], node.range[1])));
    }
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const value of Array.isArray(child) ? child : [child]) {
        if (value && typeof value === "object" && typeof (value as TSESTree.Node).type === "string") visit(value as TSESTree.Node);
      }
    }
  };
  visit(ast);
  return keys;
}

/** A statement outside the editable spans of `program` that is not a statement of `output` (AST `outputAst`), or `null`. */
function lostStatement(program: RenderedProgram, absolutePath: string, output: string, outputAst: TSESTree.Program): string | null {
  const remaining = new Map<string, number>();
  for (const key of statementKeys(outputAst, output)) remaining.set(key, (remaining.get(key) ?? 0) + 1);
  for (const key of statementKeys(parseSource(program.text, absolutePath).ast, program.text, program.editable)) {
    const count = remaining.get(key) ?? 0;
    if (count === 0) return key;
    remaining.set(key, count - 1);
  }
  return null;
}

/** Properties 1, 3 and 4 of one file after the first run: its output, or what is wrong. */
function checkFirstRun(index: number, program: RenderedProgram, mode: Mode, result: FileResult | undefined, absolutePath: string): string | Failure {
  const fail = (problem: string, output?: string): Failure => ({ index, problem, input: program.text, ...(output === undefined ? {} : { output }) });
  if (!result) return fail("the run has no result for the file");
  if (result.status === "failed" || result.status === "skipped") return fail(`${result.status}: ${result.error ?? result.skipReason ?? ""}`);
  if (result.mode !== mode) return fail(`its mode is ${result.mode}, not ${mode}`);
  const output = result.status === "changed" ? result.after! : program.text;
  let outputAst: TSESTree.Program;
  try {
    outputAst = parseSource(output, absolutePath).ast;
  } catch (error) {
    return fail(`the output does not parse: ${error instanceof Error ? error.message : String(error)}`, output);
  }
  const outside = changeOutsideSpans(program.text, program.editable, output);
  if (outside) {
    return fail(
      `bytes outside the edited statements changed: ${JSON.stringify(outside.piece.slice(0, 120))} (input offset ${outside.inputOffset}) is not in the output after offset ${outside.outputOffset}`,
      output,
    );
  }
  if (program.text.includes("\r\n") && /(?<!\r)\n/u.test(output)) return fail("a bare line feed in the output of a CRLF file", output);
  if (output !== program.text) {
    const lost = lostStatement(program, absolutePath, output, outputAst);
    if (lost) return fail(`a statement outside the edited statements is no longer one in the output: ${JSON.stringify(lost.slice(0, 200))}`, output);
  }
  return output;
}

/**
 * Writes `programs` as the files of a fresh project of `mode`, migrates it
 * (property 1 and 3), writes the outputs and migrates again (property 2).
 *
 * @param firstIndex the run index of `programs[0]`, for file names and failures.
 */
async function checkPrograms(mode: Mode, programs: readonly RenderedProgram[], firstIndex = 0): Promise<BatchOutcome> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `ws-close-property-${mode}-`));
  dirs.push(dir);
  try {
    await writeFile(path.join(dir, "wrangler.jsonc"), CONFIGS[mode]);
    await mkdir(path.join(dir, "src"));
    const files = programs.map((program, offset) => {
      const index = firstIndex + offset;
      return { program, index, name: `src/p${String(index).padStart(5, "0")}${program.extension}` };
    });
    await Promise.all(files.map(({ program, name }) => writeFile(path.join(dir, name), program.text)));
    // `write: false`: the outputs come back in `after`; writing them ourselves spares an fsync per file.
    const options = { paths: ["src"], cwd: dir, write: false, parallelism: { maxWorkers: 0 } };
    const first = new Map((await migrate(options)).files.map((file) => [file.path, file]));
    const failures: Failure[] = [];
    const applied = new Map<string, number>();
    const outputs = new Map<string, { index: number; program: RenderedProgram; output: string }>();
    let changed = 0;
    for (const { program, index, name } of files) {
      const result = first.get(name);
      const output = checkFirstRun(index, program, mode, result, path.join(dir, name));
      if (typeof output !== "string") {
        failures.push(output);
        continue;
      }
      if (result!.status === "changed") changed++;
      for (const change of result!.changes) {
        const rule = change.ruleId.replace(/^ws-close\//u, "");
        applied.set(rule, (applied.get(rule) ?? 0) + 1);
      }
      outputs.set(name, { index, program, output });
    }
    await Promise.all([...outputs].map(([name, { output }]) => writeFile(path.join(dir, name), output)));
    for (const file of (await migrate(options)).files) {
      const written = outputs.get(file.path);
      if (!written || file.status === "unchanged") continue;
      const changes = file.changes.map((change) => `${change.ruleId} at ${change.line}:${change.column}`).join(", ");
      failures.push({
        index: written.index,
        problem: `a second run over the output is not a no-op: ${file.status}${file.error ? ` (${file.error})` : ""}${changes ? ` (${changes})` : ""}`,
        input: written.program.text,
        output: file.after ?? written.output,
      });
    }
    failures.sort((a, b) => a.index - b.index);
    return { failures, applied, changed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Replays program `index` of the run with `seed` alone and lets fast-check shrink it.
 *
 * @returns the smallest failing program (the last one that failed while shrinking) and fast-check's
 *   report (seed, path, the model); `null` when the program passes alone.
 */
async function shrink(mode: Mode, seed: number, index: number): Promise<string | null> {
  let smallest: Failure | null = null;
  try {
    await fc.assert(
      fc.asyncProperty(programArb, async (spec) => {
        const [failure] = (await checkPrograms(mode, [renderProgram(spec)])).failures;
        if (failure) {
          smallest = failure;
          return false;
        }
        return true;
      }),
      { seed, path: String(index), endOnFailure: false },
    );
    return null;
  } catch (error) {
    const report = error instanceof Error ? error.message : String(error);
    return `${smallest ? describeFailure(smallest) : ""}\n${report}`;
  }
}

describe.each(MODES)("generated close-handler programs, %s mode", (mode) => {
  it(
    `${RUNS} programs: outputs parse, a second run changes nothing, no byte outside the edited statements changes`,
    async () => {
      const seed = SEED + MODES.indexOf(mode);
      const applied = new Map<string, number>();
      let changed = 0;
      for (let start = 0; start < RUNS; start += BATCH_SIZE) {
        // Program i of `fc.sample` is the value `fc.assert` with the same seed tries at run i (`shrink`'s path).
        const specs = fc.sample(programArb, { seed, numRuns: Math.min(RUNS, start + BATCH_SIZE) }).slice(start);
        const outcome = await checkPrograms(mode, specs.map(renderProgram), start);
        const [first] = outcome.failures;
        if (first) {
          const summary = `${outcome.failures.length} of ${specs.length} programs fail (seed ${seed}, programs ${start}–${start + specs.length - 1}). The first, ${describeFailure(first)}`;
          const shrunk = (await shrink(mode, seed, first.index)) ?? `program ${first.index} passes alone`;
          throw new Error(`${summary}\n\n===== shrunk =====\n${shrunk}`);
        }
        changed += outcome.changed;
        for (const [rule, count] of outcome.applied) applied.set(rule, (applied.get(rule) ?? 0) + count);
      }
      // The properties held on programs the rewrite changes, and every fix of the mode was reached.
      expect(changed).toBeGreaterThan(RUNS / 10);
      if (RUNS >= 1000) {
        expect([...EXPECTED_FIXES[mode]].filter((rule) => !applied.has(rule)), "fixes never applied").toEqual([]);
      }
    },
    Math.max(180_000, RUNS * 40),
  );
});
