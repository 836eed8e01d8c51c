/**
 * A property test of the rewrites (issue 14): generated close-handler programs
 * (`close-handler-arbitraries.ts`: handler forms, socket naming, statement
 * forms, comments, ASI style, CRLF, half-open sockets, proxies, Durable
 * Objects, Hono) run through the CLI's `migrate()` in one temporary Worker
 * project per mode (auto, manual, mixed). For every program:
 * 1. the output parses;
 * 2. a second run changes nothing;
 * 3. no byte outside the spans the generator marks editable changes, and a
 *    CRLF file gets no bare line feed.
 *
 * The programs come from a fixed seed (`fc.sample`, many files per run: one
 * `migrate()` per program would take minutes). A failure names the program
 * and prints its text. Size: `WS_CLOSE_PROPERTY_RUNS` programs per mode
 * (default 1,000, 3,000 in all, about 12 s);
 * `WS_CLOSE_PROPERTY_RUNS=20000 WS_CLOSE_PROPERTY_SEED=7 npx vitest run test/property` for a long run.
 */
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parseSource } from "../../src/analysis/parse-source.js";
import { migrate } from "../../src/migrate/migrate.js";
import { changeOutsideSpans, renderedProgramArb, type Mode, type RenderedProgram } from "./close-handler-arbitraries.js";

const RUNS = Number(process.env.WS_CLOSE_PROPERTY_RUNS ?? 1000);
const SEED = Number(process.env.WS_CLOSE_PROPERTY_SEED ?? 14);

const CONFIGS: Record<Mode, string> = {
  auto: '{ "compatibility_date": "2026-05-01" }\n',
  manual: '{ "compatibility_date": "2025-09-15" }\n',
  mixed: '{ "compatibility_date": "2026-05-01", "env": { "legacy": { "compatibility_date": "2025-09-15" } } }\n',
};

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** What went wrong with one program, for the failure message. */
function describeProgram(file: string, program: RenderedProgram, output: string, problem: string): string {
  return `${file}: ${problem}\n--- input ---\n${program.text}\n--- output ---\n${output}`;
}

describe.each(["auto", "manual", "mixed"] as const)("generated close-handler programs, %s mode", (mode) => {
  it(`${RUNS} programs: outputs parse, a second run changes nothing, no byte outside the edited statements changes`, async () => {
    const programs = fc.sample(renderedProgramArb, { seed: SEED + ["auto", "manual", "mixed"].indexOf(mode), numRuns: RUNS });
    const dir = await mkdtemp(path.join(os.tmpdir(), `ws-close-property-${mode}-`));
    dirs.push(dir);
    await writeFile(path.join(dir, "wrangler.jsonc"), CONFIGS[mode]);
    await mkdir(path.join(dir, "src"));
    const files = programs.map((program, index) => `src/p${String(index).padStart(5, "0")}${program.extension}`);
    await Promise.all(programs.map((program, index) => writeFile(path.join(dir, files[index]!), program.text)));

    const first = await migrate({ paths: ["src"], cwd: dir, write: true, parallelism: { maxWorkers: 0 } });
    const failed = first.files.filter((file) => file.status === "failed");
    expect(failed.map((file) => `${file.path}: ${file.error ?? ""}`)).toEqual([]);

    const problems: string[] = [];
    for (const [index, program] of programs.entries()) {
      const file = files[index]!;
      const output = await readFile(path.join(dir, file), "utf8");
      try {
        parseSource(output, path.join(dir, file));
      } catch (error) {
        problems.push(describeProgram(file, program, output, `the output does not parse: ${(error as Error).message}`));
        continue;
      }
      const outside = changeOutsideSpans(program.text, program.editable, output);
      if (outside) problems.push(describeProgram(file, program, output, `bytes outside the edited statements changed at offset ${outside.inputOffset}: ${JSON.stringify(outside.piece.slice(0, 80))}`));
      if (program.text.includes("\r\n") && /(?<!\r)\n/u.test(output)) problems.push(describeProgram(file, program, output, "a bare line feed in a CRLF file"));
    }
    expect(problems.slice(0, 3)).toEqual([]);

    const second = await migrate({ paths: ["src"], cwd: dir, write: false, parallelism: { maxWorkers: 0 } });
    const changedAgain = second.files.filter((file) => file.status === "changed").map((file) => file.path);
    expect(changedAgain).toEqual([]);
    // The property ran on programs the rewrite changes, not only on ones it leaves alone.
    expect(first.files.filter((file) => file.status === "changed").length).toBeGreaterThan(RUNS / 10);
  }, 180_000);
});
