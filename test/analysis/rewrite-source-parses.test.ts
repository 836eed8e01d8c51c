/**
 * `rewriteSource` parses a file once when there is nothing to fix, and once
 * more per fix pass (as `eslint --fix` does), so that the CLI pays one parse
 * for each of the many files it only checks.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { RuleId } from "../../src/analysis/types.js";
import type { CompatResolution } from "../../src/compat/types.js";

const parses = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../src/analysis/parse-source.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/analysis/parse-source.js")>();
  return {
    ...original,
    parseSource: (text: string, filePath: string) => {
      parses.count++;
      return original.parseSource(text, filePath);
    },
  };
});

const { rewriteSource } = await import("../../src/analysis/rewrite-source.js");

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const RULES: RuleId[] = ["no-redundant-close", "require-allow-half-open", "no-new-websocket-in-proxy", "require-hibernation-close", "no-reserved-close-code", "require-close-reply"];

function rewrite(text: string, mode: CompatResolution["mode"]) {
  const compat: CompatResolution = { mode, configPath: null, overridden: false, environments: [] };
  return rewriteSource({ text, filePath: "/project/src/index.ts", compat, compatDescription: mode, ruleIds: RULES });
}

beforeEach(() => {
  parses.count = 0;
});

describe("rewriteSource parses", () => {
  it("once when the file has no findings", () => {
    const result = rewrite(`export function serve(ws: WebSocket) {\n  ws.accept();\n  ws.addEventListener("message", () => {});\n}\n`, "auto");
    expect(result.applied).toEqual([]);
    expect(parses.count).toBe(1);
  });

  it("once when its findings have no fix (suggestions only)", () => {
    const text = readFileSync(path.join(REPO_ROOT, "fixtures/transforms/custom-code-needs-review/input.ts"), "utf8");
    const result = rewrite(text, "auto");
    expect(result.applied).toEqual([]);
    expect(result.unfixed.length).toBeGreaterThan(0);
    expect(parses.count).toBe(1);
  });

  it("once more after each pass that applied fixes", () => {
    const text = readFileSync(path.join(REPO_ROOT, "fixtures/transforms/echo-inline-handler/input.ts"), "utf8");
    const result = rewrite(text, "auto");
    expect(result.applied.length).toBeGreaterThan(0);
    expect(parses.count).toBe(2);
  });
});
