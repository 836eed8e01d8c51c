#!/usr/bin/env node
import nodeModule from "node:module";

// Node 22.1 and later keep the compiled code of the modules loaded from here on (TypeScript's alone is
// 9 MB of JavaScript) in the OS temp directory between runs, as `tsc` does; Node 20 has no such API.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { shouldUseColor } = await import("./color-support.js");
const { runCli } = await import("./run-cli.js");

// A reader that stops early (`ws-close-migrate --dry-run | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

const color = shouldUseColor(process.env, Boolean(process.stdout.isTTY));
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color,
  cwd: process.cwd(),
  progressStream: process.stderr,
});
