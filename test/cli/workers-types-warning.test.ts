// docs/rules/require-allow-half-open.md#type-checking: a run that adds `allowHalfOpen` warns when the project's installed
// @cloudflare/workers-types is older than 4.20260312.1, once per installation,
// in the text report and as `warnings` in the JSON report.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT, run } from "./cli-fixture.js";

const GATEWAY = path.join(REPO_ROOT, "fixtures/transforms/proxy-fetch-upgrade/input.ts");
const ECHO_ONLY = `export default {
  async fetch(): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("close", () => {
      server.close();
    });
    return new Response(null, { status: 101, webSocket: client });
  },
};
`;

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A Worker project on 2026-05-01 with `files` (relative path → source) and optionally workers-types installed at `types`. */
async function project(files: Record<string, string>, types: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ws-close-types-warning-"));
  temporary.push(dir);
  await writeFile(path.join(dir, "wrangler.jsonc"), '{ "main": "src/index.ts", "compatibility_date": "2026-05-01" }\n');
  for (const [file, source] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), source);
  }
  for (const [where, version] of Object.entries(types)) {
    const target = path.join(dir, where, "node_modules/@cloudflare/workers-types");
    await mkdir(target, { recursive: true });
    await writeFile(path.join(target, "package.json"), JSON.stringify({ name: "@cloudflare/workers-types", version }));
  }
  return dir;
}

async function gateway(): Promise<string> {
  return readFile(GATEWAY, "utf8");
}

interface JsonReport {
  files: Array<{ path: string; changes: Array<{ ruleId: string }> }>;
  warnings: string[];
}

describe("the @cloudflare/workers-types warning", () => {
  it("warns once when the run adds allowHalfOpen and the installed types are older, in the text report", async () => {
    const source = await gateway();
    const dir = await project({ "src/index.ts": source, "src/admin.ts": source }, { ".": "4.20250904.0" });
    const result = await run(dir, []);
    expect(result.code).toBe(0);
    const warnings = result.stdout.split("\n").filter((line) => line.startsWith("! warning"));
    expect(warnings).toEqual([
      "! warning  @cloudflare/workers-types 4.20250904.0 (node_modules/@cloudflare/workers-types/package.json) is older than 4.20260312.1: " +
        "`accept({ allowHalfOpen: true })` is typed from that version, so the rewritten code would stop type-checking. " +
        "Update it (npm install --save-dev @cloudflare/workers-types@^4.20260312.1).",
    ]);
    expect(result.stdout).toContain("made half-open  ws-close/require-allow-half-open");
    expect(await readFile(path.join(dir, "src/index.ts"), "utf8")).toContain("server.accept({ allowHalfOpen: true });");
  });

  it("reports the warning as `warnings` in JSON, and also on a dry run (the change would be made)", async () => {
    const dir = await project({ "src/index.ts": await gateway() }, { ".": "4.20260101.0" });
    const report = JSON.parse((await run(dir, ["--dry-run", "--format", "json"])).stdout) as JsonReport;
    expect(report.warnings).toEqual([expect.stringMatching(/^@cloudflare\/workers-types 4\.20260101\.0 \(node_modules\/@cloudflare\/workers-types\/package\.json\) is older than 4\.20260312\.1: /u)]);
    expect(report.files[0]!.changes.map((change) => change.ruleId)).toContain("ws-close/require-allow-half-open");
  });

  it("warns once per installation: a workspace package with its own older copy gets its own warning", async () => {
    const source = await gateway();
    const dir = await project(
      { "src/index.ts": source, "packages/edge/src/index.ts": source, "packages/edge/src/other.ts": source },
      { ".": "4.20250101.0", "packages/edge": "4.20251201.0" },
    );
    const report = JSON.parse((await run(dir, ["--format", "json"])).stdout) as JsonReport;
    expect(report.warnings).toHaveLength(2);
    // Sorted by text, so that the reports of `--shard` runs merge into one run's.
    expect(report.warnings[0]).toContain("4.20250101.0 (node_modules/@cloudflare/workers-types/package.json)");
    expect(report.warnings[1]).toContain("4.20251201.0 (packages/edge/node_modules/@cloudflare/workers-types/package.json)");
  });

  it.each(["4.20260312.1", "4.20261117.0", "5.0.0"])("says nothing when the installed types are %s", async (version) => {
    const dir = await project({ "src/index.ts": await gateway() }, { ".": version });
    const result = await run(dir, ["--format", "json"]);
    expect((JSON.parse(result.stdout) as JsonReport).warnings).toEqual([]);
  });

  it("says nothing when @cloudflare/workers-types is not installed", async () => {
    const dir = await project({ "src/index.ts": await gateway() });
    const result = await run(dir, []);
    expect(result.stdout).not.toContain("warning");
    expect(result.stdout).toContain("made half-open");
  });

  it("says nothing when the run adds no allowHalfOpen, however old the types", async () => {
    const dir = await project({ "src/index.ts": ECHO_ONLY }, { ".": "4.20240101.0" });
    const result = await run(dir, ["--format", "json"]);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.files[0]!.changes.map((change) => change.ruleId)).toEqual(["ws-close/no-redundant-close"]);
    expect(report.warnings).toEqual([]);
  });
});
