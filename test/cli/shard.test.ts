/**
 * `--shard i/n` and `merge`: the shards of a generated monorepo (the bench's,
 * scaled down) cover every file exactly once, and their JSON and SARIF
 * reports merge into the single run's, byte for byte.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateMonorepo } from "../../bench/generate-monorepo.mjs";
import { parseShard, shardOf } from "../../src/migrate/shard.js";
import { createTempProject } from "../support/temp-project.js";
import { run } from "./cli-fixture.js";

interface JsonReport {
  files: { path: string; status: string }[];
}

describe("--shard and merge", () => {
  const project = createTempProject("ws-close-shard-");
  const repo = project.root;
  const summary = generateMonorepo({ dir: repo, seed: 5, scale: 0.15 });
  // The shards' reports are kept out of the project, so that no run reads them.
  const reportsDir = createTempProject("ws-close-shard-reports-").root;

  for (const format of ["json", "sarif"] as const) {
    it(`${format}: 1, 3 and 4 shards cover every file once and merge into the single run's report`, async () => {
      const single = await run(repo, ["--dry-run", "--format", format, "."]);
      expect(single.code).toBe(0);
      // Findings that need another module (the generator's handleSession callers), whose module may be in another shard.
      expect(single.stdout).toMatch(/nor does `handleSession\d+`/u);
      for (const count of [1, 3, 4]) {
        const reports: string[] = [];
        const covered: string[] = [];
        for (let index = 1; index <= count; index++) {
          const shard = await run(repo, ["--dry-run", "--format", format, "--shard", `${index}/${count}`, "."]);
          expect(shard.code, shard.stderr).toBe(0);
          const reportPath = path.join(reportsDir, `shard-${index}-of-${count}.${format}`);
          writeFileSync(reportPath, shard.stdout);
          reports.push(reportPath);
          if (format === "json") covered.push(...(JSON.parse(shard.stdout) as JsonReport).files.map((file) => file.path));
        }
        if (format === "json") {
          expect(covered.length, `${count} shards`).toBe(new Set(covered).size);
          expect(covered.length).toBeGreaterThanOrEqual(summary.sourceFiles);
          expect([...covered].sort()).toEqual((JSON.parse(single.stdout) as JsonReport).files.map((file) => file.path).sort());
        }
        const merged = await run(repo, ["merge", ...reports]);
        expect(merged.code, merged.stderr).toBe(0);
        expect(merged.stdout, `${count} shards`).toBe(single.stdout);
      }
    });
  }

  it("gives each shard a fair part of the files", async () => {
    const counts = [0, 0, 0, 0];
    const report = JSON.parse((await run(repo, ["--dry-run", "--format", "json", "."])).stdout) as JsonReport;
    for (const file of report.files) counts[shardOf(path.join(repo, file.path), repo, 4) - 1]!++;
    for (const count of counts) expect(count).toBeGreaterThan(report.files.length / 8);
  });

  it("rejects a shard that is not i/n with 1 ≤ i ≤ n, before reading a file", async () => {
    for (const bad of ["0/3", "4/3", "1/0", "a/b", "1-3", "2"]) {
      expect(() => parseShard(bad)).toThrow(/--shard must be i\/n/u);
      const result = await run(repo, ["--dry-run", "--shard", bad, "."]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--shard must be i/n with 1 ≤ i ≤ n (for example 2/4), got "${bad}"`);
      expect(result.stdout).toBe("");
    }
  });

  it("merge refuses reports that overlap, that are not reports, or that mix formats", async () => {
    const json = path.join(reportsDir, "all.json");
    const sarif = path.join(reportsDir, "all.sarif");
    writeFileSync(json, (await run(repo, ["--dry-run", "--format", "json", "."])).stdout);
    writeFileSync(sarif, (await run(repo, ["--dry-run", "--format", "sarif", "."])).stdout);
    const overlap = await run(repo, ["merge", json, json]);
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/^error: .+ is in both .+ and .+: were they made with the same --shard\?\n$/u);
    const mixed = await run(repo, ["merge", json, sarif]);
    expect(mixed.stderr).toBe("error: the reports mix --format json and --format sarif\n");
    const notReport = await run(repo, ["merge", path.join(repo, "package.json")]);
    expect(notReport.code).toBe(2);
    expect(notReport.stderr).toContain("is neither a --format json nor a --format sarif report of ws-close-migrate");
  });
});
