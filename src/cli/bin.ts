#!/usr/bin/env node
import nodeModule from "node:module";

// Node 22.1 and later keep the compiled code of the modules loaded from here on (TypeScript's alone is
// 9 MB of JavaScript) in the OS temp directory between runs, as `tsc` does; Node 20 has no such API.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { shouldUseColor } = await import("./color-support.js");
const { runCli } = await import("./run-cli.js");
const { EXIT_CODES } = await import("./exit-codes.js");

// A reader that stops early (`ws-close-migrate --dry-run | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

// SIGINT and SIGTERM stop the run between two writes: the files being written are finished (or, when the
// signal cut a write short, left as they were), no temp file is left, and the report says what was done.
// A second signal, once half a second has passed, exits at once (the temp files are removed on exit); one
// sooner is the echo that `atomically`'s exit hook sends itself after removing its temp files.
const interrupt = new AbortController();
let firstSignalAt = 0;
const stop = (signal: NodeJS.Signals) => {
  if (interrupt.signal.aborted) {
    if (Date.now() - firstSignalAt > 500) process.exit(signal === "SIGTERM" ? EXIT_CODES.terminated : EXIT_CODES.interrupted);
    return;
  }
  firstSignalAt = Date.now();
  process.stderr.write(`\n${signal}: stopping after the files being written (again to stop at once)…\n`);
  interrupt.abort(signal);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

const color = shouldUseColor(process.env, Boolean(process.stdout.isTTY));
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color,
  cwd: process.cwd(),
  progressStream: process.stderr,
  signal: interrupt.signal,
});
