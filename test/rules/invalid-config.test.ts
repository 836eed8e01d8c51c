// A wrangler config that cannot be read is reported by every rule whose
// findings depend on the mode (the table's `dependsOnMode`), once per file
// however many of them are on; the rules that do not depend on it stay quiet.
import { Linter } from "eslint";
import path from "node:path";
import { fileURLToPath } from "node:url";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../rules/index.js";
import { qualifiedRuleName, RULES } from "../../src/analysis/index.js";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A Worker with a proxy, a Hibernation API class and a close handler: every rule's subject. */
const WORKER = `import { DurableObject } from "cloudflare:workers";
export default {
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("close", (event) => server.close(event.code, event.reason));
    return new Response(null, { status: 101, webSocket: client });
  },
};
export class Room extends DurableObject {
  async webSocketClose(ws: WebSocket, code: number) {}
}
`;

function lint(dir: string, ruleIds: readonly string[]): Linter.LintMessage[] {
  const linter = new Linter({ cwd: projectRoot });
  const filename = path.join(projectRoot, "fixtures/config", dir, "src/worker.ts");
  return linter.verify(
    WORKER,
    [
      {
        files: ["**/*.ts"],
        languageOptions: { parser: tseslint.parser as Linter.Parser },
        plugins: { "ws-close": plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
        rules: Object.fromEntries(ruleIds.map((id) => [qualifiedRuleName(id), "error"])),
      },
    ],
    filename,
  );
}

const invalidConfigReports = (messages: readonly Linter.LintMessage[]) => messages.filter((message) => message.messageId === "invalidConfig");

describe("a wrangler config that cannot be read", () => {
  for (const dir of ["broken-jsonc", "broken-toml"]) {
    describe(dir, () => {
      it.each(RULES.map((rule) => [rule.id, rule.dependsOnMode] as const))("%s alone reports it: %s", (id, dependsOnMode) => {
        const reports = invalidConfigReports(lint(dir, [id]));
        expect(reports.map((report) => [report.ruleId, report.line, report.column])).toEqual(dependsOnMode ? [[qualifiedRuleName(id), 1, 1]] : []);
        if (dependsOnMode) expect(reports[0]!.message).toMatch(/^ws-close cannot tell this file's compatibility mode: .*wrangler/u);
      });

      it("is reported once with every rule on", () => {
        expect(invalidConfigReports(lint(dir, RULES.map((rule) => rule.id)))).toHaveLength(1);
      });
    });
  }

  it("is not reported under a config that can be read", () => {
    expect(invalidConfigReports(lint("jsonc-auto-2026-05-01", RULES.map((rule) => rule.id)))).toEqual([]);
  });
});
