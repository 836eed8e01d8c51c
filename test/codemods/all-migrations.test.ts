/**
 * The `all-migrations` transform equals the CLI: on every transform fixture, the
 * transform (called as jscodeshift's runner calls it, and through the jscodeshift
 * CLI from `dist/`) leaves the input exactly as `ws-close-migrate` leaves it
 * when given the same one file. A transform sees one file, so the CLI is given
 * the fixture without its other modules; on a multi-module fixture both leave
 * the input as it is (`perFileOutput`), on every other one both give `output`.
 */
import { execFile } from "node:child_process";
import { copyFile, cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as allMigrations from "../../codemods/all-migrations.js";
import { run } from "../cli/cli-fixture.js";
import { applyTransform } from "./jscodeshift-api.js";
import { REPO_ROOT, TRANSFORM_FIXTURES_DIR, transformFixtures, type TransformFixture } from "./transform-fixtures.js";

const fixtures = transformFixtures();
const temporary: string[] = [];
afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function temporaryDirectory(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** What the CLI makes of the fixture's input alone: a project of its wrangler config, package.json, lock and input. */
async function cliOutputOfInputAlone(fixture: TransformFixture): Promise<string> {
  const source = path.dirname(fixture.inputPath);
  const dir = await temporaryDirectory("ws-close-all-migrations-cli-");
  const inputName = path.basename(fixture.inputPath);
  for (const name of await readdir(source)) {
    if (name.startsWith("wrangler.") || name === "package.json" || name === "package-lock.json" || name === inputName) {
      await copyFile(path.join(source, name), path.join(dir, name));
    }
  }
  const result = await run(dir, []);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  return readFile(path.join(dir, inputName), "utf8");
}

describe("the all-migrations transform equals the CLI on every fixture", () => {
  it("has fixtures it changes and fixtures it keeps", () => {
    expect(fixtures.filter((fixture) => fixture.perFileOutput !== fixture.input).length).toBeGreaterThanOrEqual(20);
    expect(fixtures.filter((fixture) => fixture.perFileOutput === fixture.input).length).toBeGreaterThanOrEqual(4);
  });

  describe.each(fixtures)("$name", (fixture) => {
    it("gives the CLI's output", async () => {
      const transformed = applyTransform(allMigrations, { path: fixture.inputPath, source: fixture.input }) ?? fixture.input;
      const cli = await cliOutputOfInputAlone(fixture);
      expect(transformed).toBe(cli);
      expect(cli).toBe(fixture.perFileOutput);
    });
  });
});

describe("the all-migrations transform through the jscodeshift CLI", () => {
  let dir = "";
  let stdout = "";
  beforeAll(async () => {
    dir = await temporaryDirectory("ws-close-all-migrations-jscodeshift-");
    await cp(TRANSFORM_FIXTURES_DIR, dir, { recursive: true });
    const jscodeshift = path.join(REPO_ROOT, "node_modules/.bin/jscodeshift");
    const transform = path.join(REPO_ROOT, "dist/codemods/all-migrations.js");
    ({ stdout } = await promisify(execFile)(
      jscodeshift,
      ["--no-babel", "--extensions=ts,js", "--ignore-pattern=**/output.*", "-t", transform, "."],
      { cwd: dir },
    ));
  });

  it("reports no error", () => {
    expect(stdout).toMatch(/0 errors/u);
  });

  it.each(fixtures)("leaves $name's input as the CLI does, in one run", async (fixture) => {
    const rewritten = await readFile(path.join(dir, path.relative(TRANSFORM_FIXTURES_DIR, fixture.inputPath)), "utf8");
    expect(rewritten).toBe(fixture.perFileOutput);
  });
});
