import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { Linter } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FileInfo, Options } from "jscodeshift";
import plugin from "../../rules/index.js";
import { MIGRATIONS } from "../../src/migrations/registry.js";
import { applyTransform, type TransformModule } from "./jscodeshift-api.js";
import { REPO_ROOT, TRANSFORM_FIXTURES_DIR, transformFixtures } from "./transform-fixtures.js";

type Transform = (file: FileInfo, options?: Options) => string | undefined;

const fixtures = transformFixtures();
const transforms = new Map<string, Transform>();

beforeAll(async () => {
  for (const migration of MIGRATIONS) {
    const modulePath = path.join(REPO_ROOT, "codemods", `${migration.name}.ts`);
    const module = (await import(/* @vite-ignore */ pathToFileURL(modulePath).href)) as TransformModule;
    transforms.set(migration.name, (file, options) => applyTransform(module, file, options));
  }
});

/** Every transform in registry order, as the CLI applies them (each returns `undefined` when it changes nothing). */
function runAllTransforms(filePath: string, source: string, options: Options = {}): string {
  let text = source;
  for (const migration of MIGRATIONS) text = transforms.get(migration.name)!({ path: filePath, source: text }, options) ?? text;
  return text;
}

function eslintFix(filePath: string, source: string): string {
  const linter = new Linter({ cwd: REPO_ROOT });
  return linter.verifyAndFix(source, [plugin.configs.recommended as Linter.Config], { filename: filePath }).output;
}

describe("every migration has its transform", () => {
  it.each(MIGRATIONS.map((m) => m.name))("codemods/%s.ts", (name) => {
    expect(existsSync(path.join(REPO_ROOT, "codemods", `${name}.ts`))).toBe(true);
  });
});

describe("transform fixtures", () => {
  it("has fixtures that change and fixtures that stay", () => {
    expect(fixtures.filter((f) => f.input !== f.output).length).toBeGreaterThanOrEqual(4);
    expect(fixtures.filter((f) => f.input === f.output).length).toBeGreaterThanOrEqual(4);
  });

  describe.each(fixtures)("$name", (fixture) => {
    // A multi-module fixture's output needs facts from its other modules, which a transform (one file) has not.
    it(fixture.modules.length > 0 ? "leaves the input of a multi-module fixture unchanged (one file at a time)" : "rewrites input into output exactly", () => {
      expect(runAllTransforms(fixture.inputPath, fixture.input)).toBe(fixture.perFileOutput);
    });

    it("equals eslint --fix with configs.recommended", () => {
      expect(runAllTransforms(fixture.inputPath, fixture.input)).toBe(eslintFix(fixture.inputPath, fixture.input));
    });

    it("changes nothing the second time", () => {
      expect(runAllTransforms(fixture.inputPath, fixture.output)).toBe(fixture.output);
    });
  });
});

describe("auto-reply-to-close options", () => {
  const transform = (file: FileInfo, options: Options = {}) => transforms.get("auto-reply-to-close")!(file, options);

  it("returns undefined when nothing changes, so jscodeshift counts the file as unmodified", () => {
    const fixture = fixtures.find((f) => f.name === "half-open-kept")!;
    expect(transform({ path: fixture.inputPath, source: fixture.input })).toBeUndefined();
  });

  it("takes the compatibility date from options over the wrangler config", () => {
    const fixture = fixtures.find((f) => f.name === "manual-date-kept")!;
    const echo = fixtures.find((f) => f.name === "echo-inline-handler")!;
    expect(transform({ path: fixture.inputPath, source: fixture.input }, { compatibilityDate: "2026-05-01" })).toBe(echo.output);
    expect(transform({ path: fixture.inputPath, source: fixture.input }, { "compatibility-date": "2026-05-01" })).toBe(echo.output);
    expect(transform({ path: echo.inputPath, source: echo.input }, { compatibilityDate: "2026-01-01" })).toBeUndefined();
  });

  it("takes compatibility flags from options, as a list or comma-separated", () => {
    const echo = fixtures.find((f) => f.name === "echo-inline-handler")!;
    expect(transform({ path: echo.inputPath, source: echo.input }, { compatibilityFlags: ["web_socket_manual_reply_to_close"] })).toBeUndefined();
    expect(
      transform({ path: echo.inputPath, source: echo.input }, { "compatibility-flags": "nodejs_compat,web_socket_manual_reply_to_close" }),
    ).toBeUndefined();
  });

  it("throws on a file that does not parse, naming the file and position", () => {
    const echo = fixtures.find((f) => f.name === "echo-inline-handler")!;
    expect(() => transform({ path: echo.inputPath, source: "server.accept(; close" })).toThrow(/input\.ts:1:\d+/u);
  });
});

describe("the transforms through the jscodeshift CLI", () => {
  const temporary: string[] = [];
  afterAll(async () => {
    await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("rewrites every fixture as the in-process transforms do, one transform after the other", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ws-close-jscodeshift-"));
    temporary.push(dir);
    await cp(TRANSFORM_FIXTURES_DIR, dir, { recursive: true });
    const jscodeshift = path.join(REPO_ROOT, "node_modules/.bin/jscodeshift");
    for (const migration of MIGRATIONS) {
      const transformPath = path.join(REPO_ROOT, `dist/codemods/${migration.name}.js`);
      const { stdout } = await promisify(execFile)(
        jscodeshift,
        ["--no-babel", "--extensions=ts,js", "--ignore-pattern=**/output.*", "-t", transformPath, "."],
        { cwd: dir },
      );
      expect(stdout, migration.name).toMatch(/0 errors/u);
    }
    for (const fixture of fixtures) {
      const rewritten = await readFile(path.join(dir, path.relative(TRANSFORM_FIXTURES_DIR, fixture.inputPath)), "utf8");
      expect(rewritten, fixture.name).toBe(fixture.perFileOutput);
      for (const module of fixture.modules) {
        expect(await readFile(path.join(dir, path.relative(TRANSFORM_FIXTURES_DIR, module.path)), "utf8"), module.path).toBe(module.source);
      }
    }
  });
});

describe("manual-reply-to-close options", () => {
  const transform = (file: FileInfo, options: Options = {}) => transforms.get("manual-reply-to-close")!(file, options);

  it("adds the missing reply on the config's old date, and nothing on a new date given in options", () => {
    const fixture = fixtures.find((f) => f.name === "legacy-chat-room-without-replies")!;
    expect(transform({ path: fixture.inputPath, source: fixture.input })).toBe(fixture.output);
    expect(transform({ path: fixture.inputPath, source: fixture.input }, { compatibilityDate: "2026-05-01" })).toBeUndefined();
  });

  it("adds the reply on a new date with the disable flag", () => {
    const fixture = fixtures.find((f) => f.name === "legacy-chat-room-without-replies")!;
    const options = { compatibilityDate: "2026-05-01", compatibilityFlags: "web_socket_manual_reply_to_close" };
    expect(transform({ path: fixture.inputPath, source: fixture.input }, options)).toBe(fixture.output);
  });
});
