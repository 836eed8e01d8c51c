/**
 * `--format json` says whether the run wrote anything: `"written"` at the top
 * level and on each file.
 */
import { afterEach, describe, expect, it } from "vitest";
import { mergeReports } from "../../src/cli/merge-reports.js";
import { copyFixture, removeCopies, run } from "./cli-fixture.js";

afterEach(removeCopies);

interface JsonReport {
  written: boolean;
  files: { path: string; status: string; written: boolean }[];
}

async function report(dir: string, argv: string[]): Promise<JsonReport> {
  return JSON.parse((await run(dir, ["--format", "json", ...argv])).stdout) as JsonReport;
}

function writtenFiles(json: JsonReport): string[] {
  return json.files.filter((file) => file.written).map((file) => file.path);
}

describe('"written"', () => {
  it("is false for --dry-run and --check, whose changed files are not written", async () => {
    const dir = await copyFixture({ withoutBroken: true });

    for (const mode of ["--dry-run", "--check"]) {
      const json = await report(dir, [mode]);
      expect(json.written, mode).toBe(false);
      expect(json.files.filter((file) => file.status === "changed").length, mode).toBe(2);
      expect(writtenFiles(json), mode).toEqual([]);
    }
  });

  it("is true for a run that wrote, on it and on each file it wrote; false once nothing is left to write", async () => {
    const dir = await copyFixture({ withoutBroken: true });

    const first = await report(dir, []);
    expect(first.written).toBe(true);
    expect(writtenFiles(first)).toEqual(["legacy/src/index.ts", "src/index.ts"]);
    expect(first.files.find((file) => file.path === "src/plain.ts")).toMatchObject({ status: "unchanged", written: false });

    const second = await report(dir, []);
    expect(second.written).toBe(false);
    expect(writtenFiles(second)).toEqual([]);
  });

  it("is true in a merged report when any shard wrote", () => {
    const shard = (written: boolean, path: string) => ({
      name: path,
      text: JSON.stringify({ written, files: [{ path, status: written ? "changed" : "unchanged", written }], warnings: [], tempFiles: { removed: [], left: [] } }),
    });

    expect((JSON.parse(mergeReports([shard(false, "a.ts"), shard(true, "b.ts")])) as JsonReport).written).toBe(true);
    expect((JSON.parse(mergeReports([shard(false, "a.ts"), shard(false, "b.ts")])) as JsonReport).written).toBe(false);
  });
});
