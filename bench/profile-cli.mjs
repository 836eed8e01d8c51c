/**
 * `npm run bench:profile` (after `npm run build`): generates the bench monorepo
 * (`generate-monorepo.mjs`; `--seed=N --scale=X --keep`), runs the CLI's dry run
 * on it once under V8's CPU profiler (`node --cpu-prof`: one profile per thread,
 * the rewrite workers' included), and prints for each thread where its samples
 * fall: by package or file of ours, and the functions with the most self time.
 * The phase table (`--timings`) of the same run comes first.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateMonorepo } from "./generate-monorepo.mjs";
import { measure, seconds } from "./measure-process.mjs";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(REPO_ROOT, "dist/src/cli/bin.js");

function parseArgs(argv) {
  const options = { seed: 1, scale: 1, keep: false, top: 15 };
  for (const arg of argv) {
    const [name, value] = arg.split("=");
    if (name === "--seed") options.seed = Number(value);
    else if (name === "--scale") options.scale = Number(value);
    else if (name === "--top") options.top = Number(value);
    else if (name === "--keep") options.keep = true;
    else throw new Error(`unknown option ${arg} (use --seed=N --scale=X --top=N --keep)`);
  }
  return options;
}

/** Where a profile node's script belongs: a package (`typescript`, `@typescript-eslint/typescript-estree`), a file of ours, or V8's own. */
function owner(url, functionName) {
  if (!url) return `(${functionName || "native"})`;
  const file = url.replace(/^file:\/\//u, "");
  const nodeModules = file.lastIndexOf("/node_modules/");
  if (nodeModules !== -1) {
    const parts = file.slice(nodeModules + "/node_modules/".length).split("/");
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (file.startsWith(REPO_ROOT)) return path.relative(REPO_ROOT, file);
  return file.startsWith("node:") ? "node internals" : file;
}

function summarize(profile, top) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    total += delta;
    self.set(id, (self.get(id) ?? 0) + delta);
  });
  const byOwner = new Map();
  const byFunction = new Map();
  for (const [id, micros] of self) {
    const { url, functionName, lineNumber } = nodes.get(id).callFrame;
    const key = owner(url, functionName);
    byOwner.set(key, (byOwner.get(key) ?? 0) + micros);
    const fn = `${functionName || "(anonymous)"}  ${key}${url ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  }
  const rows = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, micros]) => `  ${(micros / 1000).toFixed(0).padStart(6)} ms ${((100 * micros) / total).toFixed(0).padStart(3)}%  ${key}`)
      .join("\n");
  return `${(total / 1000).toFixed(0)} ms sampled\n by package or file:\n${rows(byOwner)}\n by function (self time):\n${rows(byFunction)}\n`;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(path.join(tmpdir(), "ws-close-profile-"));
  try {
    const repo = path.join(scratch, "repo");
    const summary = generateMonorepo({ dir: repo, seed: options.seed, scale: options.scale });
    const profiles = path.join(scratch, "profiles");
    const run = await measure(scratch, "cli", process.execPath, ["--cpu-prof", `--cpu-prof-dir=${profiles}`, CLI, "--dry-run", "--format", "json", "--timings", "."], repo);
    if (run.code !== 0 && run.code !== 1) throw new Error(`the CLI exited with ${run.code}:\n${run.stderr.slice(-2000)}`);
    process.stdout.write(`ws-close-migrate --dry-run on ${summary.sourceFiles} files (seed ${options.seed}, scale ${options.scale}): ${seconds(run.wallMs)} wall under the profiler\n\n`);
    process.stdout.write(`${run.stderr.slice(run.stderr.indexOf("phase timings"))}\n`);
    // Node names each thread's profile CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile: thread 0 is the main one.
    const files = readdirSync(profiles).filter((file) => file.endsWith(".cpuprofile")).sort();
    for (const file of files) {
      const thread = file.split(".").at(-3);
      process.stdout.write(`thread ${thread === "0" ? "0 (main)" : `${thread} (rewrite worker)`}: ${summarize(JSON.parse(readFileSync(path.join(profiles, file), "utf8")), options.top)}\n`);
    }
  } finally {
    if (options.keep) process.stdout.write(`kept ${scratch}\n`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
