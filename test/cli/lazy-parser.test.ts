/**
 * The built CLI loads the TypeScript parser only when a file passes the text
 * prefilter: a run over files without WebSocket code never loads it.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const execFileAsync = promisify(execFile);
const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(REPO_ROOT, "dist/src/cli/bin.js");

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in a project of `files`; returns the parser modules the process loaded. */
async function parserModulesLoaded(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "ws-close-lazy-parser-"));
  dirs.push(dir);
  const project = path.join(dir, "project");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
    writeFileSync(path.join(project, name), text);
  }
  const probe = path.join(dir, "probe.cjs");
  const out = path.join(dir, "loaded.json");
  writeFileSync(
    probe,
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache).filter((file) => /[\\\\/]@typescript-eslint[\\\\/](typescript-estree|scope-manager)[\\\\/]/.test(file)))));\n`,
  );
  await execFileAsync(process.execPath, ["--require", probe, BIN, "--dry-run", "--compatibility-date", "2026-05-01", "."], { cwd: project });
  return JSON.parse(readFileSync(out, "utf8")) as string[];
}

describe("the parser is loaded lazily", () => {
  it("is not loaded when no file can hold WebSocket code", async () => {
    const loaded = await parserModulesLoaded({
      "src/index.ts": `export default { fetch: () => new Response("ok") };\n`,
      "src/stream.ts": `export async function done(writer: WritableStreamDefaultWriter) {\n  await writer.close();\n}\n`,
    });
    expect(loaded).toEqual([]);
  });

  it("is loaded when a file needs parsing", async () => {
    const loaded = await parserModulesLoaded({
      "src/index.ts": `export function serve(ws: WebSocket) {\n  ws.accept();\n  ws.addEventListener("close", () => ws.close());\n}\n`,
    });
    expect(loaded.some((file) => file.includes("typescript-estree"))).toBe(true);
  });
});
