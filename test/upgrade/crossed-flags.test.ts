import { describe, expect, it } from "vitest";
import { AUTO_REPLY_TO_CLOSE, CLOSE_REASON_BYTE_LIMIT } from "../../src/compat/index.js";
import { crossedFlags, flagConsequence } from "../../src/upgrade/crossed-flags.js";

const names = (crossed: ReturnType<typeof crossedFlags>) => crossed.map((c) => [c.flag.enableFlag, c.explicitly]);

describe("crossedFlags", () => {
  it("lists the flags whose default date lies after the old date and on or before the new one, oldest first", () => {
    expect(names(crossedFlags("2025-09-15", "2026-05-01", []))).toEqual([
      [CLOSE_REASON_BYTE_LIMIT.enableFlag, null],
      [AUTO_REPLY_TO_CLOSE.enableFlag, null],
    ]);
    expect(names(crossedFlags("2026-03-03", "2026-04-07", []))).toEqual([[AUTO_REPLY_TO_CLOSE.enableFlag, null]]);
    expect(names(crossedFlags("2026-03-02", "2026-04-06", []))).toEqual([[CLOSE_REASON_BYTE_LIMIT.enableFlag, null]]);
  });

  it("crosses nothing when the date does not pass a default date, or does not move forward", () => {
    expect(crossedFlags("2026-04-07", "2026-05-01", [])).toEqual([]);
    expect(crossedFlags("2026-05-01", "2026-05-01", [])).toEqual([]);
    expect(crossedFlags("2026-05-01", "2025-01-01", [])).toEqual([]);
  });

  it("counts every flag up to the new date when there was no date", () => {
    expect(names(crossedFlags(null, "2026-03-03", []))).toEqual([[CLOSE_REASON_BYTE_LIMIT.enableFlag, null]]);
  });

  it("marks a flag the environment already enables or disables explicitly", () => {
    const crossed = crossedFlags("2025-01-01", "2026-05-01", [AUTO_REPLY_TO_CLOSE.disableFlag, CLOSE_REASON_BYTE_LIMIT.enableFlag]);
    expect(names(crossed)).toEqual([
      [CLOSE_REASON_BYTE_LIMIT.enableFlag, "enabled"],
      [AUTO_REPLY_TO_CLOSE.enableFlag, "disabled"],
    ]);
  });

  it("has a one-line consequence for every WebSocket flag", () => {
    for (const flag of [AUTO_REPLY_TO_CLOSE, CLOSE_REASON_BYTE_LIMIT]) {
      // The line states the runtime behaviour itself, not a pointer to a document users lack.
      expect(flagConsequence(flag)).toMatch(/throws|redundant|reply/u);
      expect(flagConsequence(flag)).not.toMatch(/§|\bspec\b/iu);
      expect(flagConsequence(flag)).not.toContain("\n");
    }
  });
});
