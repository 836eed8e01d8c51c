import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Absolute path of `fixtures/config/<name>` (the repo root is `../..` from here). */
export function configFixture(name: string, ...rest: string[]): string {
  return path.resolve(import.meta.dirname, "../../fixtures/config", name, ...rest);
}

/** Copies `fixtures/config/<name>` into a fresh directory under `os.tmpdir()` and returns that directory. */
export function copyConfigFixture(name: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), `ws-close-${name}-`));
  fs.cpSync(configFixture(name), target, { recursive: true });
  return target;
}
