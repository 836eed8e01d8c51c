/**
 * Measures one process of the benches: wall time around it, and its peak
 * memory, the maximum resident set size (`/usr/bin/time`, or, where that is
 * missing, each node process's own `process.resourceUsage().maxRSS` at exit,
 * the largest of them counted).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const TIME = "/usr/bin/time";

/**
 * Runs `command args` in `cwd` and measures it. `scratch` is a directory for the
 * measurement's own files; `label` names them (unique per run).
 * @returns {Promise<{ code: number, stdout: string, stderr: string, wallMs: number, peakRssKb: number | null }>}
 */
export function measure(scratch, label, command, args, cwd) {
  const useTime = existsSync(TIME);
  const timeFile = path.join(scratch, `${label}.time`);
  const rssFile = path.join(scratch, `${label}.rss`);
  const hook = path.join(scratch, "max-rss.cjs");
  const env = { ...process.env, NO_COLOR: "1" };
  if (!useTime) {
    writeFileSync(hook, `process.on("exit", () => require("node:fs").appendFileSync(process.env.BENCH_RSS_FILE, process.resourceUsage().maxRSS + "\\n"));\n`);
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --require ${hook}`.trim();
  }
  env.BENCH_RSS_FILE = rssFile;
  const [file, argv] = useTime ? [TIME, ["-f", "%e %M", "-o", timeFile, command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(file, argv, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout = [];
    const stderr = [];
    child.stdout.on("data", (chunk) => stdout.push(chunk));
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - start;
      let peakRssKb = null;
      if (useTime && existsSync(timeFile)) {
        const fields = readFileSync(timeFile, "utf8").trim().split(/\s+/u);
        peakRssKb = Number(fields.at(-1));
      } else if (existsSync(rssFile)) {
        peakRssKb = Math.max(...readFileSync(rssFile, "utf8").trim().split("\n").map(Number));
      }
      resolve({ code: code ?? 1, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString(), wallMs, peakRssKb });
    });
  });
}

/** Throws with the process's error output unless it exited 0. */
export function check(run, label) {
  if (run.code !== 0) throw new Error(`${label} exited with ${run.code}:\n${run.stderr.slice(-2000)}`);
  return run;
}

export const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
export const megabytes = (kb) => (kb === null || Number.isNaN(kb) ? "n/a" : `${Math.round(kb / 1024)} MB`);
export const ratio = (value) => `${value.toFixed(2)}x`;
export const verdict = (ok) => (ok ? "met" : "NOT met");
