/**
 * The text report from results built here: findings and diff hunks in line
 * order, marks and colours that match the outcome under --check, plurals,
 * broken configs, --quiet, --verbose and the closing command.
 */
import { createColors } from "picocolors";
import { describe, expect, it } from "vitest";
import { formatText, type TextReportOptions } from "../../src/cli/format-text.js";
import { RULES_BY_ID } from "../../src/analysis/rules/index.js";
import type { FileChange, FileResult, MigrateResult } from "../../src/migrate/types.js";

const plain = createColors(false);
const coloured = createColors(true);
const RED = "\u001b[31m";
const GREEN = "\u001b[32m";

/** 60 numbered lines: `line 1` … `line 60`. */
const BEFORE = `${Array.from({ length: 60 }, (_, index) => `line ${index + 1}`).join("\n")}\n`;

/** `BEFORE` with line 30 removed. */
const AFTER = BEFORE.replace("line 30\n", "");

function change(line: number, ruleId: string, message: string, extra: Partial<FileChange> = {}): FileChange {
  return { ruleId, line, column: 5, message, ...extra };
}

const REMOVAL = change(30, "ws-close/no-redundant-close", "`server.close()` does nothing.");
const EARLY_REVIEW = change(10, "ws-close/no-redundant-close", "`server.close(4000)` is never sent.");
const LATE_REVIEW = change(50, "ws-close/no-redundant-close", "`other.close(4001)` is never sent.");
const HAND_FIX = change(20, "ws-close/require-allow-half-open", "The proxy leg cannot be made half-open safely.", { actionRequired: true });

function file(overrides: Partial<FileResult>): FileResult {
  return {
    path: "src/index.ts",
    absolutePath: "/project/src/index.ts",
    status: "unchanged",
    mode: "auto",
    config: "wrangler.jsonc",
    modeSource: "compatibility_date 2026-05-01 in wrangler.jsonc",
    migrations: [],
    changes: [],
    needsReview: [],
    ...overrides,
  };
}

const CHANGED = file({ status: "changed", changes: [REMOVAL], needsReview: [EARLY_REVIEW, LATE_REVIEW], before: BEFORE, after: AFTER });

function result(files: FileResult[], wrote = false): MigrateResult {
  return { files, wrote, warnings: [], tempFiles: { removed: [], left: [] } };
}

function render(files: FileResult[], options: Partial<TextReportOptions> = {}): string {
  return formatText(result(files, !(options.dryRun ?? true)), { colors: plain, diff: false, dryRun: true, ...options });
}

describe("a file's findings and hunks", () => {
  it("come in line order: a review item before the change comes before it, one after the hunk after it", () => {
    const lines = render([CHANGED], { diff: true }).split("\n");
    const at = (text: string) => lines.findIndex((line) => line.includes(text));

    expect(at("10:5  review")).toBeGreaterThan(at("→ would change  src/index.ts"));
    expect(at("30:5  would remove")).toBeGreaterThan(at("10:5  review"));
    expect(at("@@ -27,7 +27,6 @@")).toBe(at("30:5  would remove") + 2);
    expect(lines[at("@@ -27,7 +27,6 @@") + 4]).toBe("-line 30");
    // Line 50 is outside the hunk (lines 27 to 33): it comes after the hunk's last line.
    expect(lines[at("50:5  review") - 1]).toBe(" line 33");
  });

  it("without a diff, findings alone, in line order", () => {
    const text = render([CHANGED], { check: true });
    expect(text).not.toContain("@@");
    const order = ["10:5", "30:5", "50:5"].map((position) => text.indexOf(`  ${position}  `));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((index) => index > 0)).toBe(true);
  });
});

describe("group headers", () => {
  it("name the config that governs the files and their mode, and count the files with the right plural", () => {
    const text = render([
      CHANGED,
      file({ path: "src/plain.ts" }),
      file({ path: "legacy/index.ts", config: "legacy/wrangler.toml", mode: "manual", modeSource: "compatibility_date 2025-09-15 in legacy/wrangler.toml", status: "changed", changes: [REMOVAL] }),
    ]);

    expect(text).toContain("legacy/wrangler.toml · manual mode (compatibility_date 2025-09-15) · 1 file\n");
    expect(text).toContain("wrangler.jsonc · auto mode (compatibility_date 2026-05-01) · 2 files\n");
    expect(text).not.toMatch(/\(s\)|would change ·|Changed ·/u);
  });

  it("keep an environment and say when the files are the config's Worker's by import", () => {
    const text = render([
      file({ modeSource: "wrangler.toml: top level 2026-05-01 (auto), [env.old] 2025-06-01 (manual)", config: "wrangler.toml", mode: "mixed", needsReview: [LATE_REVIEW] }),
      file({ path: "shared/a.ts", config: "workers/chat/wrangler.jsonc", modeSource: "compatibility_date 2026-05-01 in workers/chat/wrangler.jsonc (whose main imports this file)", needsReview: [LATE_REVIEW] }),
    ]);

    expect(text).toContain("wrangler.toml · mixed mode (top level 2026-05-01 (auto), [env.old] 2025-06-01 (manual)) · 1 file\n");
    expect(text).toContain("workers/chat/wrangler.jsonc · auto mode (compatibility_date 2026-05-01; its main imports them) · 1 file\n");
  });
});

describe("marks and colours follow the outcome under --check", () => {
  const files = [CHANGED, file({ path: "src/gateway.ts", needsReview: [HAND_FIX] }), file({ path: "src/custom.ts", needsReview: [LATE_REVIEW] })];

  it("--check: a file that would change or needs a hand fix is a red ✖, never a green ✔", () => {
    const text = formatText(result(files), { colors: coloured, diff: false, dryRun: true, check: true });
    const plainText = render(files, { check: true });

    expect(plainText).toContain("✖ would change  src/index.ts");
    expect(plainText).toContain("✖ needs a hand fix  src/gateway.ts");
    expect(plainText).toContain("! needs review  src/custom.ts");
    expect(plainText).not.toContain("✔");
    expect(text).toContain(`${RED}✖ would change`);
    expect(text).toContain(`${RED}✖ needs a hand fix`);
    expect(text).toContain(`${RED}fix by hand`);
    expect(text).not.toContain(GREEN);
  });

  it("--dry-run: what would change is planned (yellow →), not done", () => {
    const text = render(files, { diff: true });
    expect(text).toContain("→ would change  src/index.ts");
    expect(text).toContain("! needs a hand fix  src/gateway.ts");
    expect(text).not.toContain("✔");
  });

  it("a run that writes keeps the green ✔ for what it wrote", () => {
    const written = [{ ...CHANGED, before: undefined, after: undefined }];
    const text = formatText(result(written, true), { colors: coloured, diff: false, dryRun: false });
    expect(text).toContain(`${GREEN}✔ changed`);
    expect(render(written, { dryRun: false })).toContain("✔ changed  src/index.ts\n  10:5  review");
  });

  it("a run that writes marks a written file that still needs a hand fix yellow, not with a green ✔", () => {
    const written = [{ ...CHANGED, before: undefined, after: undefined, needsReview: [HAND_FIX] }];
    const text = render(written, { dryRun: false });
    expect(text).toContain("! changed, needs a hand fix  src/index.ts\n  20:5  fix by hand");
    expect(text).not.toContain("✔");
  });
});

describe("a file with no compatibility mode", () => {
  it("is named among the skipped, and listed on its own with a finding the date-independent rules left", () => {
    const unknown = { mode: "unknown" as const, status: "skipped" as const, modeSource: "no compatibility_date found in wrangler.jsonc", skipReason: "no compatibility_date found in wrangler.jsonc: pass --compatibility-date" };
    const text = render([file({ ...unknown, path: "src/a.ts", needsReview: [HAND_FIX] }), file({ ...unknown, path: "src/b.ts" })], { check: true });

    expect(text).toContain("wrangler.jsonc · unknown mode (no compatibility_date found) · 2 files\n✖ needs a hand fix  src/a.ts\n  20:5  fix by hand");
    expect(text).toContain("! skipped the date-dependent migrations for 2 files: pass --compatibility-date\n  src/a.ts, src/b.ts\n");
  });
});

describe("plurals", () => {
  it("say 1 file and 2 files, never file(s), in the summary, the skipped lists and the broken config groups", () => {
    const one = render([file({ status: "skipped", mode: "unknown", modeSource: "no compatibility_date found in wrangler.jsonc", skipReason: "no compatibility_date found in wrangler.jsonc: pass --compatibility-date" })]);
    const two = render([CHANGED, file({ path: "src/b.ts", status: "changed", changes: [REMOVAL] })]);

    expect(one).toContain("! skipped the date-dependent migrations for 1 file: pass --compatibility-date\n");
    expect(one.trimEnd().split("\n").at(-1)).toBe("1 file: 1 skipped");
    expect(two).toContain("2 files: 2 would change, 1 has findings to review (nothing written)");
    expect(one + two).not.toContain("(s)");
  });
});

describe("a broken config", () => {
  const broken = (path: string, relation: "governs" | "may-import" = "governs"): FileResult =>
    file({
      path,
      status: "failed",
      mode: null,
      config: null,
      modeSource: null,
      error: "a/wrangler.toml:3:7: Not valid TOML here, so its Worker's compatibility date and flags cannot be read",
      brokenConfig: {
        path: "a/wrangler.toml",
        line: 3,
        column: 7,
        problem: "Not valid TOML here, so its Worker's compatibility date and flags cannot be read",
        parserMessage: "expected comma or end of structure",
        relation,
      },
    });

  it("is headed as broken with file:line:column, says what is wrong in one sentence, and lists its files as skipped", () => {
    const text = render([broken("a/src/index.ts"), broken("a/src/room.ts"), broken("shared/x.ts", "may-import")]);

    expect(text).toContain(
      "Broken config · a/wrangler.toml:3:7\n" +
        "  Not valid TOML here, so its Worker's compatibility date and flags cannot be read.\n" +
        "  Skipped 2 files: a/src/index.ts, a/src/room.ts\n" +
        "  Skipped 1 file its Worker may import (in auto mode they would lose replies it may need): shared/x.ts\n",
    );
    expect(text).not.toContain("expected comma");
    expect(text).not.toContain("no wrangler config");
    expect(text.trimEnd().split("\n").at(-1)).toBe("3 files: 3 skipped for 1 broken config");
  });

  it("gives the parser's own words with --verbose", () => {
    expect(render([broken("a/src/index.ts")], { verbose: true })).toContain("  parser: expected comma or end of structure\n");
  });
});

describe("--verbose", () => {
  it("prints a finding's explanation, when it has one, and its rule's docs page", () => {
    const explained = change(30, "ws-close/no-redundant-close", "`server.close()` does nothing.", {
      explanation: "From compatibility date 2026-04-07 the runtime answers the Close frame itself.\nSee the rule's page.",
    });
    const text = render([file({ needsReview: [explained, LATE_REVIEW] })], { verbose: true });
    const url = RULES_BY_ID.get("no-redundant-close")!.docsUrl;

    expect(text).toContain(
      "  30:5  review  ws-close/no-redundant-close\n" +
        "      `server.close()` does nothing.\n" +
        "      From compatibility date 2026-04-07 the runtime answers the Close frame itself.\n" +
        "      See the rule's page.\n" +
        `      Docs: ${url}\n`,
    );
    // A finding without an explanation still gets its docs page.
    expect(text).toContain(`      \`other.close(4001)\` is never sent.\n      Docs: ${url}\n`);
  });

  it("prints neither without --verbose", () => {
    const explained = change(30, "ws-close/no-redundant-close", "short", { explanation: "long" });
    const text = render([file({ needsReview: [explained] })]);
    expect(text).not.toContain("long");
    expect(text).not.toContain("Docs:");
  });
});

describe("--quiet", () => {
  it("prints only what fails --check, under its group's header, and the summary", () => {
    const files = [
      CHANGED,
      file({ path: "src/custom.ts", needsReview: [LATE_REVIEW] }),
      file({ path: "src/gateway.ts", needsReview: [HAND_FIX] }),
      file({ path: "src/plain.ts" }),
      file({ path: "other/x.ts", config: "other/wrangler.jsonc", modeSource: "compatibility_date 2026-05-01 in other/wrangler.jsonc", needsReview: [LATE_REVIEW] }),
    ];
    const text = render(files, { check: true, quiet: true, diff: true, fixCommand: "npx ws-close-migrate" });

    expect(text).toBe(
      [
        "wrangler.jsonc · auto mode (compatibility_date 2026-05-01) · 4 files",
        "✖ would change  src/index.ts",
        "  30:5  would remove  ws-close/no-redundant-close",
        "      `server.close()` does nothing.",
        "",
        "✖ needs a hand fix  src/gateway.ts",
        "  20:5  fix by hand  ws-close/require-allow-half-open",
        "      The proxy leg cannot be made half-open safely.",
        "",
        "5 files: 1 would change, 4 unchanged, 1 needs a hand fix, 3 have findings to review (nothing written)",
        "Fix with: npx ws-close-migrate",
        "Then 1 file still needs a hand fix (marked \"fix by hand\" above), which the tool cannot make safely.",
        "",
      ].join("\n"),
    );
  });

  it("prints the summary alone when nothing fails", () => {
    const text = render([file({ needsReview: [LATE_REVIEW] }), file({ path: "src/b.ts" })], { check: true, quiet: true });
    expect(text).toBe("2 files: 2 unchanged, 1 has findings to review\n");
  });

  it("in a run that writes, what it wrote is no failure; a failed file is", () => {
    const text = render([{ ...CHANGED, before: undefined, after: undefined }, file({ path: "src/broken.ts", status: "failed", error: "does not parse" })], { dryRun: false, quiet: true });
    expect(text).toBe("wrangler.jsonc · auto mode (compatibility_date 2026-05-01) · 2 files\n✖ failed  src/broken.ts\n  does not parse\n\n2 files: 1 changed, 1 failed, 1 has findings to review\n");
  });
});

describe("the closing line", () => {
  it("--check names the command that fixes what it found; a dry run the one that writes it", () => {
    expect(render([CHANGED], { check: true, fixCommand: "npx ws-close-migrate src/" }).trimEnd().split("\n").at(-1)).toBe("Fix with: npx ws-close-migrate src/");
    expect(render([CHANGED], { fixCommand: "npx ws-close-migrate src/" }).trimEnd().split("\n").at(-1)).toBe("Write these changes with: npx ws-close-migrate src/");
  });

  it("says when only hand fixes remain, and nothing when nothing is left", () => {
    const handOnly = render([file({ needsReview: [HAND_FIX] })], { check: true, fixCommand: "npx ws-close-migrate" });
    expect(handOnly).not.toContain("Fix with");
    expect(handOnly.trimEnd().split("\n").at(-1)).toBe(
      'Nothing to rewrite: 1 file needs a hand fix (marked "fix by hand" above), which the tool cannot make safely.',
    );
    const clean = render([file({}), file({ path: "b/x.ts", config: "b/wrangler.toml", modeSource: "compatibility_date 2026-05-01 in b/wrangler.toml" })], {
      check: true,
      fixCommand: "npx ws-close-migrate",
    });
    // The configs and their modes, one header each, then the summary.
    expect(clean).toBe(
      "b/wrangler.toml · auto mode (compatibility_date 2026-05-01) · 1 file\nwrangler.jsonc · auto mode (compatibility_date 2026-05-01) · 1 file\n\n2 files: 2 unchanged\n",
    );
  });

  it("is not printed by a run that writes", () => {
    const text = render([{ ...CHANGED, before: undefined, after: undefined }], { dryRun: false, fixCommand: "npx ws-close-migrate" });
    expect(text).not.toContain("npx");
  });
});
