/**
 * The CLI on every transform fixture: a project made of the fixture's wrangler
 * config (and package.json, lock) and its input file must end as the fixture's output, exactly as the
 * transforms and `eslint --fix` give it. This catches a file the CLI would skip
 * before parsing (its quick text filter) while a rule has something to fix.
 * A multi-module fixture's other modules (`session.ts`) are copied too, so the
 * CLI's cross-module view reads them; they must come out unchanged.
 */
import { copyFile, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { transformFixtures } from "../codemods/transform-fixtures.js";
import { run } from "./cli-fixture.js";

const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe.each(transformFixtures())("ws-close-migrate on fixture $name", (fixture) => {
  it("rewrites the input into the expected output", async () => {
    const source = path.dirname(fixture.inputPath);
    const dir = await mkdtemp(path.join(os.tmpdir(), "ws-close-cli-fixture-"));
    tempDirs.push(dir);
    const modules = new Set(fixture.modules.map((module) => path.basename(module.path)));
    for (const name of await readdir(source)) {
      // package.json and its lock carry the framework versions some fixes depend on (partyserver).
      if (name.startsWith("wrangler.") || name === "package.json" || name === "package-lock.json" || name === path.basename(fixture.inputPath) || modules.has(name)) {
        await copyFile(path.join(source, name), path.join(dir, name));
      }
    }
    const result = await run(dir, []);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(await readFile(path.join(dir, path.basename(fixture.inputPath)), "utf8")).toBe(fixture.output);
    for (const module of fixture.modules) expect(await readFile(path.join(dir, path.basename(module.path)), "utf8"), module.path).toBe(module.source);
  });
});
