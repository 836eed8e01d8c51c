import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import transform from "../../codemods/auto-reply-to-close.js";
import plugin from "../../rules/index.js";
import { REPO_ROOT, TRANSFORM_FIXTURES_DIR, transformFixtures } from "./transform-fixtures.js";

const fixtures = transformFixtures();

function runTransform(filePath: string, source: string, options = {}): string {
  return transform({ path: filePath, source }, {}, options) ?? source;
}

function eslintFix(filePath: string, source: string): string {
  const linter = new Linter({ cwd: REPO_ROOT });
  return linter.verifyAndFix(source, [plugin.configs.recommended as Linter.Config], { filename: filePath }).output;
}

describe("auto-reply-to-close transform", () => {
  it("has fixtures that change and fixtures that stay", () => {
    expect(fixtures.filter((f) => f.input !== f.output).length).toBeGreaterThanOrEqual(4);
    expect(fixtures.filter((f) => f.input === f.output).length).toBeGreaterThanOrEqual(4);
  });

  describe.each(fixtures)("$name", (fixture) => {
    it("rewrites input into output exactly", () => {
      expect(runTransform(fixture.inputPath, fixture.input)).toBe(fixture.output);
    });

    it("equals eslint --fix with configs.recommended", () => {
      expect(runTransform(fixture.inputPath, fixture.input)).toBe(eslintFix(fixture.inputPath, fixture.input));
    });

    it("changes nothing the second time", () => {
      expect(transform({ path: fixture.inputPath, source: fixture.output }, {}, {})).toBeUndefined();
    });
  });

  it("returns undefined when nothing changes, so jscodeshift counts the file as unmodified", () => {
    const fixture = fixtures.find((f) => f.name === "half-open-kept")!;
    expect(transform({ path: fixture.inputPath, source: fixture.input }, {}, {})).toBeUndefined();
  });

  it("takes the compatibility date from options over the wrangler config", () => {
    const fixture = fixtures.find((f) => f.name === "manual-date-kept")!;
    const echo = fixtures.find((f) => f.name === "echo-inline-handler")!;
    expect(runTransform(fixture.inputPath, fixture.input, { compatibilityDate: "2026-05-01" })).toBe(echo.output);
    expect(runTransform(fixture.inputPath, fixture.input, { "compatibility-date": "2026-05-01" })).toBe(echo.output);
    expect(runTransform(echo.inputPath, echo.input, { compatibilityDate: "2026-01-01" })).toBe(echo.input);
  });

  it("takes compatibility flags from options, as a list or comma-separated", () => {
    const echo = fixtures.find((f) => f.name === "echo-inline-handler")!;
    expect(runTransform(echo.inputPath, echo.input, { compatibilityFlags: ["web_socket_manual_reply_to_close"] })).toBe(echo.input);
    expect(runTransform(echo.inputPath, echo.input, { "compatibility-flags": "nodejs_compat,web_socket_manual_reply_to_close" })).toBe(
      echo.input,
    );
  });

  it("throws on a file that does not parse, naming the file and position", () => {
    const echo = fixtures.find((f) => f.name === "echo-inline-handler")!;
    expect(() => transform({ path: echo.inputPath, source: "server.accept(; close" }, {}, {})).toThrow(/input\.ts:1:\d+/u);
  });
});

describe("auto-reply-to-close through the jscodeshift CLI", () => {
  const temporary: string[] = [];
  afterAll(async () => {
    await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("rewrites every fixture as the in-process transform does", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ws-close-jscodeshift-"));
    temporary.push(dir);
    await cp(TRANSFORM_FIXTURES_DIR, dir, { recursive: true });
    const jscodeshift = path.join(REPO_ROOT, "node_modules/.bin/jscodeshift");
    const transformPath = path.join(REPO_ROOT, "dist/codemods/auto-reply-to-close.js");
    const { stdout } = await promisify(execFile)(
      jscodeshift,
      ["--no-babel", "--extensions=ts,js", "-t", transformPath, "."],
      { cwd: dir },
    );
    expect(stdout).toMatch(/0 errors/u);
    for (const fixture of fixtures) {
      const rewritten = await readFile(path.join(dir, path.relative(TRANSFORM_FIXTURES_DIR, fixture.inputPath)), "utf8");
      expect(rewritten, fixture.name).toBe(fixture.output);
    }
  });
});
