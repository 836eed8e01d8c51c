import { RuleTester } from "@typescript-eslint/rule-tester";
import { rules } from "../../rules/index.js";
const rule = rules["no-redundant-close"];

const auto = { "ws-close": { compatibilityDate: "2026-05-01" } };
const manual = { "ws-close": { compatibilityDate: "2026-01-01" } };
const ruleTester = new RuleTester({ settings: auto });

const honoEcho = (module: string, onClose: string) => `import { upgradeWebSocket } from "${module}";
export const route = upgradeWebSocket((c) => {
  return {
    ${onClose}
  };
});`;

ruleTester.run("no-redundant-close (Hono upgradeWebSocket)", rule, {
  valid: [
    {
      name: "manual mode: the reply in onClose stays",
      settings: manual,
      code: honoEcho("hono/cloudflare-workers", `onClose(event, ws) { ws.close(event.code, event.reason); },`),
    },
    {
      name: "upgradeWebSocket from another adapter (Deno, Bun) is not the Workers socket",
      code: honoEcho("hono/deno", `onClose(event, ws) { ws.close(); },`),
    },
    {
      name: "a local function named upgradeWebSocket is not Hono's",
      code: `function upgradeWebSocket(f: (c: unknown) => unknown) { return f; }
export const route = upgradeWebSocket(() => ({ onClose(event: CloseEvent, ws: WebSocket) { ws.close(); } }));`,
    },
    {
      name: "closing another socket from onClose (a bridge) is not this rule's business",
      code: honoEcho("hono/cloudflare-workers", `onClose(event, ws) { backend.close(1000, "client left"); },`).replace(
        "export const",
        "declare const backend: WebSocket;\nexport const",
      ),
    },
    {
      name: "a close inside a callback of onClose is not proven to run in the handler",
      code: honoEcho("hono/cloudflare-workers", `onClose(event, ws) { setTimeout(() => ws.close(), 10); },`),
    },
  ],
  invalid: [
    {
      name: "echo in an onClose method (hono/cloudflare-workers) is removed",
      code: honoEcho("hono/cloudflare-workers", `onClose(event, ws) {
      console.log("bye");
      ws.close(event.code, event.reason);
    },`),
      errors: [{ messageId: "redundantEcho", line: 6, column: 7 }],
      output: honoEcho("hono/cloudflare-workers", `onClose(event, ws) {
      console.log("bye");
    },`),
    },
    {
      name: "close() with no arguments in an arrow onClose (hono/cloudflare), returned from an expression body",
      code: `import { upgradeWebSocket } from "hono/cloudflare";
export const route = upgradeWebSocket(() => ({
  onClose: (_event, ws) => {
    ws.close();
  },
}));`,
      errors: [{ messageId: "redundantEcho", line: 4, column: 5 }],
      output: `import { upgradeWebSocket } from "hono/cloudflare";
export const route = upgradeWebSocket(() => ({
  onClose: (_event, ws) => {},
}));`,
    },
    {
      name: "a custom code gets only the removal suggestion: a Hono socket can never be half-open",
      code: honoEcho("hono/cloudflare-workers", `onClose(event, ws) {
      ws.close(4000, "room closed");
    },`),
      errors: [
        {
          messageId: "redundantCustomClose",
          line: 5,
          column: 7,
          suggestions: [
            {
              messageId: "suggestRemoveClose",
              output: honoEcho("hono/cloudflare-workers", `onClose(event, ws) {},`),
            },
          ],
        },
      ],
      output: null,
    },
  ],
});
