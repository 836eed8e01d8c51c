/**
 * The CLI's cross-module view (issue 11) on the multi-file projects of
 * `fixtures/cross-module/`: what each file is told about the modules it imports,
 * and that `crossModule: false` (`--no-cross-module`) analyses each file alone.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { migrate } from "../../src/migrate/migrate.js";
import { runCli } from "../../src/cli/run-cli.js";

const FIXTURES = fileURLToPath(new URL("../../fixtures/cross-module/", import.meta.url));

/** One finding as `file:line rule`, with its message. */
interface Reported {
  at: string;
  message: string;
  fixed: boolean;
}

async function findings(project: string, crossModule: boolean): Promise<Reported[]> {
  const cwd = path.join(FIXTURES, project);
  const result = await migrate({ cwd, paths: ["."], write: false, crossModule, parallelism: { maxWorkers: 0 } });
  return result.files.flatMap((file) => [
    ...file.changes.map((change) => ({ at: `${file.path}:${change.line} ${change.ruleId}`, message: change.message, fixed: true })),
    ...file.needsReview.map((change) => ({ at: `${file.path}:${change.line} ${change.ruleId}`, message: change.message, fixed: false })),
  ]);
}

const atOf = (reported: Reported[]): string[] => reported.map((finding) => finding.at).sort();

describe("a socket handed to a function of another module (standard API, old date)", () => {
  it("adds the missing reply where the socket is accepted, naming the module whose close listener never replies", async () => {
    const reported = await findings("session-handler", true);
    expect(atOf(reported)).toEqual([
      "src/index.ts:33 ws-close/require-close-reply",
      "src/index.ts:42 ws-close/require-close-reply",
      "src/index.ts:9 ws-close/require-close-reply",
    ]);
    const session = reported.find((finding) => finding.at.startsWith("src/index.ts:9 "))!;
    expect(session.message).toBe("No close listener closes 'server', nor does `handleSession`, and without auto reply (manual: wrangler.jsonc 2025-06-01) the peer's close hangs.");
    expect(session.fixed).toBe(true);
    const handler = reported.find((finding) => finding.at.startsWith("src/index.ts:33 "))!;
    expect(handler.message).toContain("never closes 'ws', nor does `onClose`, and without auto reply");
  });

  it("gives a close handler of another module that closes nothing a replying listener of its own here, and leaves one that closes sockets", async () => {
    const reported = await findings("session-handler", true);
    const logged = reported.find((finding) => finding.at.startsWith("src/index.ts:42 "))!;
    expect(logged.message).toContain("never closes 'server', nor does `logClose`, and without auto reply");
    expect(logged.fixed).toBe(true);
    const cwd = path.join(FIXTURES, "session-handler");
    const result = await migrate({ cwd, paths: ["."], write: false, parallelism: { maxWorkers: 0 } });
    const after = result.files.find((file) => file.path === "src/index.ts")!.after!;
    expect(after).toContain('server.addEventListener("close", logClose);\n  server.addEventListener("close", (event: CloseEvent) => {');
    // `closeRoom` closes the room's sockets, this one among them maybe: no reply is claimed missing.
    expect(after).toContain('server.addEventListener("close", closeRoom);\n  return');
  });

  it("writes the reply in the accepting module and leaves the other modules as they are", async () => {
    const cwd = path.join(FIXTURES, "session-handler");
    const result = await migrate({ cwd, paths: ["."], write: false, parallelism: { maxWorkers: 0 } });
    const changed = result.files.filter((file) => file.status === "changed");
    expect(changed.map((file) => file.path)).toEqual(["src/index.ts"]);
    const after = changed[0]!.after!;
    // The listener goes right after `server.accept()` of the fetch handler, before the call that hands the socket on.
    expect(after).toMatch(/server\.accept\(\);\n {4}server\.addEventListener\("close", \(event: CloseEvent\) => \{\n/u);
    expect(after.indexOf('server.addEventListener("close"')).toBeLessThan(after.indexOf("handleSession(server)"));
    // The replying session, and the socket kept in an exported registry, are left alone.
    expect(after).toContain("server.accept();\n  handleReplyingSession(server);");
    expect(after).toContain("server.accept();\n  registerSession(server);");
    expect(await readFile(path.join(cwd, "src/session.ts"), "utf8")).not.toContain("close(");
  });

  it("stays silent per file: a socket handed to unseen code may be closed there", async () => {
    expect(await findings("session-handler", false)).toEqual([]);
  });
});

describe("a hibernation webSocketClose that delegates to another module", () => {
  it("reports a delegate that never closes the socket, function or method of an imported class", async () => {
    const reported = await findings("hibernation-helpers", true);
    expect(atOf(reported)).toEqual([
      "src/forgetful-room.ts:13 ws-close/require-hibernation-close",
      "src/managed-room.ts:14 ws-close/require-hibernation-close",
    ]);
    expect(reported.every((finding) => finding.fixed)).toBe(true);
  });

  it("is silent where another module's helper replies, or closes the socket from webSocketMessage (closed elsewhere)", async () => {
    const reported = atOf(await findings("hibernation-helpers", true));
    expect(reported.some((at) => at.startsWith("src/replying-room.ts"))).toBe(false);
    expect(reported.some((at) => at.startsWith("src/error-closing-room.ts"))).toBe(false);
  });

  it("per file, cannot tell the delegates apart, and misses the close in the imported helper", async () => {
    expect(atOf(await findings("hibernation-helpers", false))).toEqual(["src/error-closing-room.ts:15 ws-close/require-hibernation-close"]);
  });
});

describe("a Durable Object whose base class is in another module", () => {
  it("adds webSocketClose to a class whose imported base has none, and reports an inherited one that never replies", async () => {
    const reported = await findings("base-classes", true);
    expect(atOf(reported)).toEqual([
      "src/inheriting-room.ts:3 ws-close/require-hibernation-close",
      "src/plain-room.ts:3 ws-close/require-hibernation-close",
    ]);
    const inherited = reported.find((finding) => finding.at.startsWith("src/inheriting-room.ts"))!;
    expect(inherited.message).toContain("inherits `QuietHandlers.webSocketClose` (src/quiet-handlers.ts), which never closes its socket");
    // The reply belongs in the other module: no edit here.
    expect(inherited.fixed).toBe(false);
    expect(reported.find((finding) => finding.at.startsWith("src/plain-room.ts"))!.fixed).toBe(true);
  });

  it("is silent where the base replies, or where the base closes sockets in webSocketMessage", async () => {
    const reported = atOf(await findings("base-classes", true));
    expect(reported.some((at) => at.startsWith("src/replied-room.ts"))).toBe(false);
    expect(reported.some((at) => at.startsWith("src/closing-base-room.ts"))).toBe(false);
  });

  it("per file, misses both and reports the subclass of the closing base", async () => {
    expect(atOf(await findings("base-classes", false))).toEqual(["src/closing-base-room.ts:10 ws-close/require-hibernation-close"]);
  });
});

describe("a callback given to a class of another module", () => {
  it("knows the error the class passes the callback, as in Cloudflare's chat demo split in modules", async () => {
    const reported = await findings("rate-limiter-callback", true);
    // `(err) => webSocket.close(1011, err.stack)`; the class that only passes a short text is not reported.
    expect(atOf(reported)).toEqual(["src/chat.ts:9 ws-close/no-long-close-reason"]);
    expect(reported[0]!.message).toContain("This close reason (an error's text via `RateLimiterClient`) can pass 123 bytes");
  });

  it("per file, cannot tell what the callback receives", async () => {
    expect(await findings("rate-limiter-callback", false)).toEqual([]);
  });
});

describe("a received close code handed to a function of another module (a proxy's relay helpers)", () => {
  it("guards the helper's close() in the helper's module, naming the call that brings the code", async () => {
    const reported = await findings("proxy-helpers", true);
    expect(atOf(reported)).toEqual(["src/relay.ts:3 ws-close/no-reserved-close-code", "src/relay.ts:8 ws-close/no-reserved-close-code"]);
    expect(reported[0]!.message).toContain("which `event.code` gets from src/index.ts:11.");
    expect(reported.every((finding) => finding.fixed)).toBe(true);
    const cwd = path.join(FIXTURES, "proxy-helpers");
    const result = await migrate({ cwd, paths: ["."], write: false, parallelism: { maxWorkers: 0 } });
    expect(result.files.filter((file) => file.status === "changed").map((file) => file.path)).toEqual(["src/relay.ts"]);
    const after = result.files.find((file) => file.path === "src/relay.ts")!.after!;
    expect(after).toContain("if (event.code === 1005 || event.code === 1006 || event.code === 1015) {\n    target.close();\n  } else {\n    target.close(event.code, event.reason);");
    expect(after).toContain("if (code === 1005 || code === 1006 || code === 1015) {\n    target.close();");
  });

  it("reports at the call, without a fix, when the helper's module is not in the run", async () => {
    const cwd = path.join(FIXTURES, "proxy-helpers");
    const result = await migrate({ cwd, paths: ["src/index.ts"], write: false, parallelism: { maxWorkers: 0 } });
    const index = result.files.find((file) => file.path === "src/index.ts")!;
    expect(index.needsReview.map((change) => `${change.line} ${change.ruleId}`)).toEqual(["11 ws-close/no-reserved-close-code", "12 ws-close/no-reserved-close-code"]);
    expect(index.needsReview[0]!.message).toContain("`forwardClose(backend, event)` passes `event.code` to `forwardClose` (src/relay.ts)");
  });

  it("is silent where the helper maps the codes close() refuses, and per file", async () => {
    expect(atOf(await findings("proxy-helpers", true)).some((at) => /relay\.ts:1[0-9] /u.test(at))).toBe(false);
    expect(await findings("proxy-helpers", false)).toEqual([]);
  });
});

describe("a socket handler class of another module that echoes the code webSocketClose gives it", () => {
  it("guards the echo in the handler's module (the shape of cloudflare/actors' Sockets), and the Durable Object's reply is seen", async () => {
    const reported = await findings("socket-handler-class", true);
    expect(atOf(reported)).toEqual(["src/socket-handler.ts:11 ws-close/no-reserved-close-code"]);
    expect(reported[0]!.message).toContain("which `code` gets from src/index.ts:15.");
    expect(reported[0]!.fixed).toBe(true);
  });

  it("per file, is silent: the handler's code parameter is unknown, and the Durable Object's delegate may reply", async () => {
    expect(await findings("socket-handler-class", false)).toEqual([]);
  });
});

describe("a socket made by a function of another module", () => {
  it("takes the ends an imported helper returns for a WebSocketPair's, and adds the missing close listener", async () => {
    const reported = await findings("pair-helper", true);
    expect(atOf(reported)).toEqual(["src/index.ts:6 ws-close/require-close-reply"]);
    expect(reported[0]!.fixed).toBe(true);
  });

  it("not the ends of a helper that returns anything else, and not per file", async () => {
    expect(atOf(await findings("pair-helper", true)).some((at) => at.includes(":1"))).toBe(false);
    expect(await findings("pair-helper", false)).toEqual([]);
  });
});

describe("a collection field a Durable Object inherits from a base class of another module", () => {
  it("keeps the sockets stored there in sight when the base only sends to them, and adds the missing reply", async () => {
    const reported = await findings("inherited-sessions", true);
    expect(atOf(reported)).toEqual(["src/chat-room.ts:9 ws-close/require-close-reply"]);
    expect(reported[0]!.fixed).toBe(true);
  });

  it("is silent where the base closes the sockets it keeps, and per file", async () => {
    expect(atOf(await findings("inherited-sessions", true)).some((at) => at.startsWith("src/game-room.ts"))).toBe(false);
    expect(await findings("inherited-sessions", false)).toEqual([]);
  });
});

describe("--no-cross-module", () => {
  it("turns the view off from the command line", async () => {
    const cwd = path.join(FIXTURES, "session-handler");
    const run = async (args: string[]) => {
      let stdout = "";
      const code = await runCli(["--format", "json", "--dry-run", ...args, "."], { cwd, color: false, stdout: (text: string) => (stdout += text), stderr: () => {} });
      return { code, files: JSON.parse(stdout).files as Array<{ path: string; changes?: unknown[] }> };
    };
    const on = await run([]);
    const off = await run(["--no-cross-module"]);
    expect(on.files.find((file) => file.path === "src/index.ts")?.changes).toHaveLength(3);
    expect(off.files.find((file) => file.path === "src/index.ts")?.changes ?? []).toHaveLength(0);
  });
});
