import { describe, expect, it } from "vitest";
import { AUTO_REPLY_TO_CLOSE, CLOSE_REASON_BYTE_LIMIT, WEBSOCKET_COMPAT_FLAGS } from "../../src/compat/index.js";

describe("compat flag table", () => {
  it("describes the auto-reply flag as docs/runtime-behaviour.md states it", () => {
    expect(AUTO_REPLY_TO_CLOSE).toMatchObject({
      enableFlag: "web_socket_auto_reply_to_close",
      disableFlag: "web_socket_manual_reply_to_close",
      defaultOnFrom: "2026-04-07",
      docUrl: "https://developers.cloudflare.com/workers/configuration/compatibility-flags/",
    });
    expect(AUTO_REPLY_TO_CLOSE.summary.length).toBeGreaterThan(0);
  });

  it("describes the close-reason byte limit", () => {
    expect(CLOSE_REASON_BYTE_LIMIT.enableFlag).toBe("websocket_close_reason_byte_limit");
    expect(CLOSE_REASON_BYTE_LIMIT.defaultOnFrom).toBe("2026-03-03");
  });

  it("lists every flag once with a valid date, and cannot be mutated", () => {
    const names = WEBSOCKET_COMPAT_FLAGS.map((flag) => flag.enableFlag);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain(AUTO_REPLY_TO_CLOSE.enableFlag);
    for (const flag of WEBSOCKET_COMPAT_FLAGS) expect(flag.defaultOnFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.isFrozen(AUTO_REPLY_TO_CLOSE)).toBe(true);
  });
});
