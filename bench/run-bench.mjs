/**
 * `npm run bench` (after `npm run build`): generates a synthetic Workers
 * monorepo (`generate-monorepo.mjs`) in a temporary directory and measures,
 * one run each, side by side:
 * - the floor: a fresh `node` that reads every source file's bytes;
 * - `ws-close-migrate --dry-run --format json` (the built `dist/src/cli/bin.js`),
 *   with its cross-module view (the default) and without (`--no-cross-module`):
 *   the view may cost at most a quarter more wall time, and the CLI's peak
 *   memory stays under 300 MB (issue 11);
 * - `jscodeshift` with a transform that only parses each file with its `ts`
 *   parser (`tsx` for `.tsx`) and returns nothing: the least any jscodeshift
 *   codemod pays; it gets one worker process per core (on 2 cores it runs as
 *   fast with one);
 * - ESLint with typescript-eslint's parser and no rules, against the same with
 *   one rule that does nothing and with the plugin's `recommended` config;
 *   then, once, the plugin run under a CPU profile, whose samples give the
 *   plugin's own share of ESLint's time without comparing two noisy runs.
 * Wall time is measured around each process; peak memory is its maximum
 * resident set size (`/usr/bin/time`, or each node process's own
 * `process.resourceUsage().maxRSS` where that is missing), the largest single
 * process (jscodeshift's workers included).
 *
 * Options: `--seed=N` (default 1), `--scale=X` (default 1: 48 Workers, 5,232
 * files), `--repeat=N` (run each measurement N times, in turns, and keep the
 * fastest; default 3: single ESLint runs of the same work differ by 20% and
 * more on a shared machine, as much as the overhead measured; `--repeat=1` for
 * a quick look), `--keep` (leave the generated
 * directory), `--skip-eslint`, `--skip-large-file`.
 *
 * Then the large-file section (`large-file.mjs`, alone: `npm run bench:large-file`):
 * one generated 5 MB file with one rewrite, and a 10 MB one, the CLI's whole run
 * against a process that only parses the file.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateMonorepo } from "./generate-monorepo.mjs";
import { runLargeFileBench } from "./large-file.mjs";
import { check, measure, megabytes, ratio, seconds, verdict } from "./measure-process.mjs";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(REPO_ROOT, "dist/src/cli/bin.js");
const JSCODESHIFT = path.join(REPO_ROOT, "node_modules/jscodeshift/bin/jscodeshift.js");

/** Targets of issue 15 (issue 6 had 0.20× and 10%). */
const TARGET_CLI_VS_JSCODESHIFT = 0.12;
const TARGET_CLI_VS_FLOOR = 5;
const TARGET_PLUGIN_OVERHEAD = 0.05;
/** Targets of issue 11: the cross-module view costs at most a quarter more wall time; peak memory under 300 MB. */
const TARGET_CROSS_MODULE_OVERHEAD = 0.25;
const TARGET_CLI_PEAK_MB = 300;

/**
 * The cross-module lines: the CLI's wall time and peak memory with its view and without, their
 * ratio, the view's own phase (`--timings`' "cross-module" row), and the two targets' verdicts.
 */
function crossModuleLines(withView, withoutView) {
  const wallRatio = withView.wallMs / withoutView.wallMs;
  const phase = /^\s*cross-module\s+(\d+) ms/mu.exec(withView.stderr)?.[1];
  const peakMb = Math.max(withView.peakRssKb ?? Number.NaN, withoutView.peakRssKb ?? Number.NaN) / 1024;
  const percent = (value) => `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)}%`;
  return (
    `CLI with the cross-module view ${seconds(withView.wallMs)}, ${megabytes(withView.peakRssKb)}; ` +
    `without (--no-cross-module) ${seconds(withoutView.wallMs)}, ${megabytes(withoutView.peakRssKb)}: ` +
    `${ratio(wallRatio)} the wall time (${percent(wallRatio - 1)}), ${ratio((withView.peakRssKb ?? Number.NaN) / (withoutView.peakRssKb ?? Number.NaN))} the peak memory` +
    `${phase === undefined ? "" : `; its "cross-module" phase ${phase} ms`}\n` +
    `cross-module view costs ≤ ${TARGET_CROSS_MODULE_OVERHEAD * 100}% more wall time: ${verdict(wallRatio - 1 <= TARGET_CROSS_MODULE_OVERHEAD)}\n` +
    `peak memory < ${TARGET_CLI_PEAK_MB} MB: ${Number.isNaN(peakMb) ? "n/a (no measure)" : verdict(peakMb < TARGET_CLI_PEAK_MB)}\n`
  );
}

function parseArgs(argv) {
  const options = { seed: 1, scale: 1, repeat: 3, keep: false, skipEslint: false, skipLargeFile: false };
  for (const arg of argv) {
    const [name, value] = arg.split("=");
    if (name === "--seed") options.seed = Number(value);
    else if (name === "--scale") options.scale = Number(value);
    else if (name === "--repeat") options.repeat = Number(value);
    else if (name === "--keep") options.keep = true;
    else if (name === "--skip-eslint") options.skipEslint = true;
    else if (name === "--skip-large-file") options.skipLargeFile = true;
    else throw new Error(`unknown option ${arg} (use --seed=N --scale=X --repeat=N --keep --skip-eslint --skip-large-file)`);
  }
  if (!Number.isInteger(options.seed) || !(options.scale > 0) || !(Number.isInteger(options.repeat) && options.repeat >= 1)) {
    throw new Error("--seed must be an integer, --scale a positive number and --repeat a positive integer");
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(CLI)) throw new Error("dist/ is missing: run `npm run build` first (`npm run bench` does)");
  const scratch = mkdtempSync(path.join(tmpdir(), "ws-close-bench-"));
  const repo = path.join(scratch, "repo");
  try {
    const summary = generateMonorepo({ dir: repo, seed: options.seed, scale: options.scale });
    const cores = availableParallelism();
    writeFileSync(path.join(scratch, "files.json"), JSON.stringify(summary.files.map((file) => path.join(repo, file))));
    // The least a jscodeshift codemod does: parse the file, return nothing (jscodeshift counts it as skipped).
    const transform = path.join(scratch, "parse-only-transform.cjs");
    writeFileSync(
      transform,
      `module.exports = function parseOnly(file, api) {\n  const j = file.path.endsWith(".tsx") ? api.jscodeshift.withParser("tsx") : api.jscodeshift;\n  j(file.source);\n};\n`,
    );

    const { configs } = summary;
    process.stdout.write(
      `ws-close-migrate bench: seed ${summary.seed}, scale ${summary.scale}, ${cores} cores, node ${process.version}\n` +
        `monorepo: ${summary.workers} Workers (wrangler.jsonc ${configs.jsonc}, .toml ${configs.toml}, .json ${configs.json}), ` +
        `${summary.packages} shared packages, ${summary.sourceFiles} source files (${(summary.bytes / 1e6).toFixed(1)} MB), ` +
        `${summary.webSocketFiles} with WebSocket code\n` +
        `in ${repo}\n\n`,
    );

    // With --repeat, the measurements take turns, so that a busy moment of the machine hits them alike.
    const runs = { floor: [], cli: [], cliPerFile: [], jscodeshift: [], eslintParser: [], eslintNoop: [], eslintPlugin: [] };
    for (let round = 0; round < options.repeat; round++) {
      runs.floor.push(check(await measure(scratch, `floor-${round}`, process.execPath, [path.join(REPO_ROOT, "bench/read-files.mjs"), path.join(scratch, "files.json")], repo), "read"));
      // `--timings` prints the phase table on stderr; it costs a few `performance.now()` calls.
      const cliRun = await measure(scratch, `cli-${round}`, process.execPath, [CLI, "--dry-run", "--format", "json", "--timings", "."], repo);
      if (cliRun.code !== 0 && cliRun.code !== 1) throw new Error(`the CLI exited with ${cliRun.code}:\n${cliRun.stderr.slice(-2000)}`);
      runs.cli.push(cliRun);
      const perFileRun = await measure(scratch, `cli-per-file-${round}`, process.execPath, [CLI, "--dry-run", "--format", "json", "--timings", "--no-cross-module", "."], repo);
      if (perFileRun.code !== 0 && perFileRun.code !== 1) throw new Error(`the CLI (--no-cross-module) exited with ${perFileRun.code}:\n${perFileRun.stderr.slice(-2000)}`);
      runs.cliPerFile.push(perFileRun);
      runs.jscodeshift.push(
        check(
          await measure(
            scratch,
            `jscodeshift-${round}`,
            process.execPath,
            [JSCODESHIFT, "--no-babel", "--parser=ts", `--cpus=${cores}`, "-t", transform, "--extensions=ts,tsx,js", "."],
            repo,
          ),
          "jscodeshift",
        ),
      );
      if (!options.skipEslint) {
        const eslintRun = (mode) => measure(scratch, `eslint-${mode}-${round}`, process.execPath, [path.join(REPO_ROOT, "bench/eslint-run.mjs"), mode, repo], repo);
        runs.eslintParser.push(check(await eslintRun("parser"), "ESLint"));
        runs.eslintNoop.push(check(await eslintRun("noop"), "ESLint"));
        runs.eslintPlugin.push(check(await eslintRun("plugin"), "ESLint"));
      }
    }
    // Once: the plugin's own share of ESLint's CPU time, from a profile (not a difference of two noisy runs).
    const pluginProfile = options.skipEslint
      ? null
      : JSON.parse(
          check(
            await measure(scratch, "eslint-plugin-profile", process.execPath, [path.join(REPO_ROOT, "bench/eslint-run.mjs"), "plugin-profile", repo], repo),
            "ESLint",
          ).stdout,
        ).profile;
    const fastest = (list) => (list.length === 0 ? null : list.reduce((best, run) => (run.wallMs < best.wallMs ? run : best)));
    const floor = fastest(runs.floor);
    const cli = fastest(runs.cli);
    const cliPerFile = fastest(runs.cliPerFile);
    const describeReport = (run) => {
      const report = JSON.parse(run.stdout);
      const statuses = {};
      for (const file of report.files) statuses[file.status] = (statuses[file.status] ?? 0) + 1;
      const changes = report.files.reduce((sum, file) => sum + file.changes.length, 0);
      const review = report.files.reduce((sum, file) => sum + file.needsReview.length, 0);
      return `${statuses.changed ?? 0} changed (${changes} rewrites), ${review} for review, ${statuses.skipped ?? 0} skipped, ${statuses.failed ?? 0} failed`;
    };
    const jscodeshift = fastest(runs.jscodeshift);
    const jscodeshiftErrors = /(\d+) errors/u.exec(jscodeshift.stdout)?.[1] ?? "?";

    const rows = [
      ["read every file (floor)", floor, `${summary.sourceFiles} files`],
      ["ws-close-migrate --dry-run", cli, describeReport(cli)],
      ["  --no-cross-module", cliPerFile, describeReport(cliPerFile)],
      [`jscodeshift, parse only (ts, ${cores} workers)`, jscodeshift, `${jscodeshiftErrors} parse errors`],
    ];
    const eslintParser = fastest(runs.eslintParser);
    const eslintPlugin = fastest(runs.eslintPlugin);
    const eslintNoop = fastest(runs.eslintNoop);
    if (eslintParser && eslintPlugin) {
      const parserRun = JSON.parse(eslintParser.stdout);
      const pluginRun = JSON.parse(eslintPlugin.stdout);
      rows.push(
        ["ESLint, typescript-eslint parser, no rules", eslintParser, `${parserRun.files} files, ${parserRun.fatal} fatal`],
        ["ESLint + one rule that does nothing", eslintNoop, "what turning on any rule costs"],
        ["ESLint + ws-close recommended", eslintPlugin, `${pluginRun.problems} problems, ${pluginRun.fatal} fatal`],
      );
    }

    const width = Math.max(...rows.map(([label]) => label.length)) + 2;
    if (options.repeat > 1) process.stdout.write(`fastest of ${options.repeat} runs each\n`);
    process.stdout.write(`${"".padEnd(width)}${"wall".padStart(9)}${"peak RSS".padStart(11)}${"÷ jscodeshift".padStart(15)}  notes\n`);
    for (const [label, run, note] of rows) {
      process.stdout.write(
        `${label.padEnd(width)}${seconds(run.wallMs).padStart(9)}${megabytes(run.peakRssKb).padStart(11)}${ratio(run.wallMs / jscodeshift.wallMs).padStart(15)}  ${note}\n`,
      );
    }

    const cliVsJscodeshift = cli.wallMs / jscodeshift.wallMs;
    const cliVsFloor = cli.wallMs / floor.wallMs;
    process.stdout.write(
      `\nCLI ÷ jscodeshift parse-only: ${ratio(cliVsJscodeshift)} (target ≤ ${ratio(TARGET_CLI_VS_JSCODESHIFT)}: ${verdict(cliVsJscodeshift <= TARGET_CLI_VS_JSCODESHIFT)})\n` +
        `CLI ÷ floor: ${ratio(cliVsFloor)} (target ≤ ${ratio(TARGET_CLI_VS_FLOOR)}: ${verdict(cliVsFloor <= TARGET_CLI_VS_FLOOR)})\n` +
        crossModuleLines(cli, cliPerFile) +
        `\nthe CLI run above, by --timings (${seconds(cli.wallMs)} wall for the process; the table starts after its modules load):\n` +
        cli.stderr.slice(cli.stderr.indexOf("phase timings")),
    );
    if (eslintParser && eslintPlugin) {
      const overhead = eslintPlugin.wallMs / eslintParser.wallMs - 1;
      const lintOverhead = JSON.parse(eslintPlugin.stdout).lintMs / JSON.parse(eslintParser.stdout).lintMs - 1;
      const anyRule = eslintNoop.wallMs / eslintParser.wallMs - 1;
      const ownShare = eslintPlugin.wallMs / eslintNoop.wallMs - 1;
      const percent = (value) => `${(value * 100).toFixed(1)}%`;
      process.stdout.write(
        `plugin overhead on ESLint: ${percent(overhead)} of the wall time (target ≤ ${TARGET_PLUGIN_OVERHEAD * 100}%: ${verdict(overhead <= TARGET_PLUGIN_OVERHEAD)}); ` +
          `${percent(lintOverhead)} of lintFiles() alone\n` +
          `  of which ESLint's own cost of any rule (one that does nothing): ${percent(anyRule)}; ` +
          `the plugin's own share, over that rule: ${percent(ownShare)} (≤ ${TARGET_PLUGIN_OVERHEAD * 100}%: ${verdict(ownShare <= TARGET_PLUGIN_OVERHEAD)})\n`,
      );
      if (pluginProfile) {
        const ownMs = pluginProfile.pluginMs + pluginProfile.loadMs;
        const share = ownMs / (pluginProfile.totalMs + pluginProfile.loadMs);
        process.stdout.write(
          `  by CPU profile (one run): the plugin's own code ${Math.round(pluginProfile.pluginMs)} ms and its import ${Math.round(pluginProfile.loadMs)} ms ` +
            `of ${Math.round(pluginProfile.totalMs + pluginProfile.loadMs)} ms: ${percent(share)} (≤ ${TARGET_PLUGIN_OVERHEAD * 100}%: ${verdict(share <= TARGET_PLUGIN_OVERHEAD)})\n`,
        );
      }
    }
  } finally {
    if (options.keep) process.stdout.write(`\nkept ${scratch}\n`);
    else rmSync(scratch, { recursive: true, force: true });
  }
  if (!options.skipLargeFile) {
    process.stdout.write("\n");
    await runLargeFileBench({ repeat: options.repeat, keep: options.keep });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
