/**
 * The CLI's `migrate()` on the rules without a fix (no-new-websocket-in-proxy,
 * no-closing-state-check, no-send-in-close-handler, no-long-close-reason): their findings are listed
 * under `needsReview` in the modes they run in, and the file is left byte for byte.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { migrate } from "../../src/index.js";
import { createTempProject } from "../support/temp-project.js";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** An empty temporary directory, removed after the test. */
function tempDir(): string {
  return createTempProject("ws-close-review-").root;
}

const CLOSE_HANDLER_WORKER = `export default {
  async fetch(): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("close", () => {
      server.send("goodbye");
      if (server.readyState === WebSocket.CLOSING) console.log("closing");
    });
    return new Response(null, { status: 101, webSocket: client });
  },
};
`;

describe("review-only findings in the CLI", () => {
  it("lists the new WebSocket proxy leg of fixtures/transforms/proxy-relay-new-websocket for review; only the accepted leg is made half-open", async () => {
    const dir = tempDir();
    cpSync(path.join(projectRoot, "fixtures/transforms/proxy-relay-new-websocket"), dir, { recursive: true });
    rmSync(path.join(dir, "output.ts"));
    const result = await migrate({ cwd: dir, paths: ["input.ts"] });
    expect(result.files).toHaveLength(1);
    const [file] = result.files;
    expect(file!.status).toBe("changed");
    expect(file!.changes.map((change) => [change.ruleId, change.line, change.column])).toEqual([["ws-close/require-allow-half-open", 29, 5]]);
    expect(file!.needsReview.map((change) => [change.ruleId, change.line, change.column])).toEqual([
      ["ws-close/no-new-websocket-in-proxy", 19, 22],
    ]);
    expect(file!.needsReview[0]!.message).toContain("(auto: wrangler.jsonc 2026-05-01).");
    expect(readFileSync(path.join(dir, "input.ts"), "utf8")).toBe(readFileSync(path.join(projectRoot, "fixtures/transforms/proxy-relay-new-websocket/output.ts"), "utf8"));
  });

  it("auto mode: the send and the CLOSING check are listed for review, unchanged", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "wrangler.jsonc"), '{ "main": "worker.ts", "compatibility_date": "2026-05-01" }\n');
    writeFileSync(path.join(dir, "worker.ts"), CLOSE_HANDLER_WORKER);
    const [file] = (await migrate({ cwd: dir, paths: ["worker.ts"] })).files;
    expect(file!.status).toBe("unchanged");
    expect(file!.needsReview.map((change) => [change.ruleId, change.line, change.column])).toEqual([
      ["ws-close/no-send-in-close-handler", 6, 7],
      ["ws-close/no-closing-state-check", 7, 11],
    ]);
    expect(readFileSync(path.join(dir, "worker.ts"), "utf8")).toBe(CLOSE_HANDLER_WORKER);
  });

  it("mixed mode ([env.legacy] on an old date): only the send, which throws where the date is new", async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, "wrangler.toml"),
      'name = "w"\nmain = "worker.ts"\ncompatibility_date = "2026-05-01"\n\n[env.legacy]\ncompatibility_date = "2025-06-01"\n',
    );
    writeFileSync(path.join(dir, "worker.ts"), CLOSE_HANDLER_WORKER);
    const [file] = (await migrate({ cwd: dir, paths: ["worker.ts"] })).files;
    expect(file!.mode).toBe("mixed");
    expect(file!.needsReview.map((change) => change.ruleId)).toContain("ws-close/no-send-in-close-handler");
    expect(file!.needsReview.map((change) => change.ruleId)).not.toContain("ws-close/no-closing-state-check");
  });

  it("manual mode: none of the three is listed", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "wrangler.jsonc"), '{ "main": "worker.ts", "compatibility_date": "2026-01-01" }\n');
    writeFileSync(path.join(dir, "worker.ts"), CLOSE_HANDLER_WORKER);
    const [file] = (await migrate({ cwd: dir, paths: ["worker.ts"] })).files;
    const ruleIds = file!.needsReview.map((change) => change.ruleId);
    for (const id of ["no-new-websocket-in-proxy", "no-closing-state-check", "no-send-in-close-handler"]) {
      expect(ruleIds).not.toContain(`ws-close/${id}`);
    }
  });

  it("every mode: a close reason over 123 UTF-8 bytes, and one from an error, are listed for review, unchanged", async () => {
    const worker = `export default {
  async fetch(): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", async () => {
      try {
        await work();
      } catch (error) {
        server.close(1011, (error as Error).message);
      }
      server.close(1000, "${"Сервер закрыт. ".repeat(9)}");
    });
    server.addEventListener("close", (event) => server.close(event.code, event.reason));
    return new Response(null, { status: 101, webSocket: client });
  },
};
declare function work(): Promise<void>;
`;
    for (const date of ["2026-01-01", "2026-05-01"]) {
      const dir = tempDir();
      writeFileSync(path.join(dir, "wrangler.jsonc"), `{ "main": "worker.ts", "compatibility_date": "${date}" }\n`);
      writeFileSync(path.join(dir, "worker.ts"), worker);
      const [file] = (await migrate({ cwd: dir, paths: ["worker.ts"], write: false })).files;
      const long = file!.needsReview.filter((change) => change.ruleId === "ws-close/no-long-close-reason");
      expect(long.map((change) => [change.line, change.column]), date).toEqual([
        [9, 28],
        [11, 26],
      ]);
      expect(long[1]!.message).toContain("243 UTF-8 bytes (135 characters)");
    }
  });
});
