/**
 * The large-file bench (issue 14, item 7), part of `npm run bench`, alone as
 * `npm run bench:large-file` (after `npm run build`): one generated TypeScript
 * file (`generate-large-file.mjs`) with one Worker WebSocket handler that needs
 * one rewrite in auto mode, at 5 MB (the target) and 10 MB (an extra line).
 * For each size, in turns, measures whole processes:
 * - parse only: a fresh `node` that parses the file with typescript-estree
 *   (`parse-only.mjs`), the yardstick;
 * - `ws-close-migrate --dry-run` on the file's directory (the built `dist/src/cli/bin.js`);
 * - `ws-close-migrate` writing the file (put back before each run, outside the timing).
 * Prints each one's median wall time and the largest peak RSS of its runs, and
 * "met"/"NOT met" against the targets: the CLI's whole run at most twice the
 * parse-only process's, and its peak RSS under 1 GB.
 *
 * Options: `--repeat=N` (runs of each, default 3), `--sizes=5MB,10MB`, `--keep`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ECHO_LINE, parseSize, writeLargeFileProject } from "./generate-large-file.mjs";
import { check, measure, megabytes, ratio, seconds, verdict } from "./measure-process.mjs";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(BENCH_DIR, "../dist/src/cli/bin.js");
const PARSE_ONLY = path.join(BENCH_DIR, "parse-only.mjs");

/** Targets of issue 14, item 7, for the 5 MB file. */
export const TARGET_CLI_VS_PARSE = 2;
export const TARGET_PEAK_RSS_KB = 1024 * 1024;
/** The size the targets are for. */
const TARGET_SIZE = "5MB";

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Runs the bench and prints its tables to `out`.
 * @param {{ repeat?: number, sizes?: string[], keep?: boolean, out?: NodeJS.WritableStream }} options
 * @returns {Promise<boolean>} true when every target was met.
 */
export async function runLargeFileBench({ repeat = 3, sizes = ["5MB", "10MB"], keep = false, out = process.stdout } = {}) {
  const scratch = mkdtempSync(path.join(tmpdir(), "ws-close-large-file-bench-"));
  let allMet = true;
  try {
    out.write(`large file: one rewrite in auto mode, ${repeat} run${repeat === 1 ? "" : "s"} of each in turns; median wall, largest peak RSS\n`);
    for (const size of sizes) {
      const dir = path.join(scratch, size);
      const { file, text, echoStart, echoEnd } = writeLargeFileProject({ dir, bytes: parseSize(size) });
      const input = readFileSync(file);
      const expected = Buffer.concat([input.subarray(0, echoStart), input.subarray(echoEnd)]);
      const runs = { parse: [], dryRun: [], write: [] };
      for (let round = 0; round < repeat; round++) {
        runs.parse.push(check(await measure(scratch, `parse-${size}-${round}`, process.execPath, [PARSE_ONLY, file], dir), "parse only"));
        const dryRun = check(await measure(scratch, `dry-run-${size}-${round}`, process.execPath, [CLI, "--dry-run", "."], dir), "ws-close-migrate --dry-run");
        if (!dryRun.stdout.includes("1 would change")) throw new Error(`the dry run did not find the one change:\n${dryRun.stdout.slice(-2000)}`);
        runs.dryRun.push(dryRun);
        writeFileSync(file, input);
        runs.write.push(check(await measure(scratch, `write-${size}-${round}`, process.execPath, [CLI, "."], dir), "ws-close-migrate"));
        if (!readFileSync(file).equals(expected)) throw new Error(`the write run did not remove exactly the echo (${JSON.stringify(ECHO_LINE)}) from ${file}`);
        writeFileSync(file, input);
      }

      const summary = (list) => ({ wallMs: median(list.map((run) => run.wallMs)), peakRssKb: Math.max(...list.map((run) => run.peakRssKb ?? Number.NaN)) });
      const parse = summary(runs.parse);
      const rows = [
        ["parse only (typescript-estree)", parse],
        ["ws-close-migrate --dry-run", summary(runs.dryRun)],
        ["ws-close-migrate (writes the file)", summary(runs.write)],
      ];
      const lines = text.split("\n").length - 1;
      out.write(`\n${size}: ${(input.length / 1024 / 1024).toFixed(1)} MB, ${lines.toLocaleString("en")} lines${size === TARGET_SIZE ? "" : " (extra: the targets are for 5 MB)"}\n`);
      const width = Math.max(...rows.map(([label]) => label.length)) + 2;
      out.write(`${"".padEnd(width)}${"wall".padStart(9)}${"peak RSS".padStart(11)}${"÷ parse".padStart(10)}\n`);
      for (const [label, figures] of rows) {
        out.write(`${label.padEnd(width)}${seconds(figures.wallMs).padStart(9)}${megabytes(figures.peakRssKb).padStart(11)}${ratio(figures.wallMs / parse.wallMs).padStart(10)}\n`);
      }
      if (parse.peakRssKb >= TARGET_PEAK_RSS_KB) {
        out.write(`(the parse alone peaks at ${megabytes(parse.peakRssKb)}: no run that parses this file can stay under ${megabytes(TARGET_PEAK_RSS_KB)})\n`);
      }
      for (const [label, figures] of rows.slice(1)) {
        const speed = figures.wallMs / parse.wallMs;
        const speedMet = speed <= TARGET_CLI_VS_PARSE;
        const memoryMet = figures.peakRssKb < TARGET_PEAK_RSS_KB;
        if (size !== TARGET_SIZE) {
          // No target at other sizes: the figures alone.
          out.write(`${label}: ÷ parse only ${ratio(speed)}; peak RSS ${megabytes(figures.peakRssKb)} (no target at ${size})\n`);
          continue;
        }
        allMet &&= speedMet && memoryMet;
        out.write(
          `${label}: ÷ parse only ${ratio(speed)} (target ≤ ${ratio(TARGET_CLI_VS_PARSE)}: ${verdict(speedMet)}); ` +
            `peak RSS ${megabytes(figures.peakRssKb)} (target < ${megabytes(TARGET_PEAK_RSS_KB)}: ${verdict(memoryMet)})\n`,
        );
      }
    }
  } finally {
    if (keep) out.write(`\nkept ${scratch}\n`);
    else rmSync(scratch, { recursive: true, force: true });
  }
  return allMet;
}

function parseArgs(argv) {
  const options = { repeat: 3, sizes: ["5MB", "10MB"], keep: false };
  for (const arg of argv) {
    const [name, value] = arg.split("=");
    if (name === "--repeat") options.repeat = Number(value);
    else if (name === "--sizes") options.sizes = value.split(",");
    else if (name === "--keep") options.keep = true;
    else throw new Error(`unknown option ${arg} (use --repeat=N --sizes=5MB,10MB --keep)`);
  }
  if (!(Number.isInteger(options.repeat) && options.repeat >= 1)) throw new Error("--repeat must be a positive integer");
  for (const size of options.sizes) parseSize(size);
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runLargeFileBench(parseArgs(process.argv.slice(2))).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
