#!/usr/bin/env node
import { shouldUseColor } from "./color-support.js";
import { runCli } from "./run-cli.js";

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
