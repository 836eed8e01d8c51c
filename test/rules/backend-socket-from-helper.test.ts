/**
 * A backend socket that comes back from a helper of the same file (issue 3,
 * "Backend sockets"): `const backend = await connectBackend(url); backend.accept();`
 * is a proven socket even without an event handler of its own, so the proxy it
 * forms with the client is seen by the proxy rules.
 */
import { RuleTester } from "@typescript-eslint/rule-tester";
import { rules } from "../../rules/index.js";
const rule = rules["require-allow-half-open"];

const ruleTester = new RuleTester({ settings: { "ws-close": { compatibilityDate: "2026-05-01" } } });

const gateway = (helper: string) => `${helper}

export async function gateway(): Promise<Response> {
  const backend = await connectBackend("https://chat.internal/ws");
  backend.accept();
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.addEventListener("close", (event) => {
    backend.close(1000, "client left");
  });
  return new Response(null, { status: 101, webSocket: client });
}`;

ruleTester.run("require-allow-half-open with a backend from a helper", rule, {
  valid: [
    {
      name: "a helper that may return something else is not proven to return a response's socket",
      code: gateway(`declare const pool: WebSocket[];
async function connectBackend(url: string): Promise<WebSocket> {
  if (pool.length > 0) return pool.pop()!;
  const response = await fetch(url, { headers: { Upgrade: "websocket" } });
  return response.webSocket!;
}`),
    },
    {
      name: "an imported helper is not followed",
      code: gateway(`import { connectBackend } from "./backend";`),
    },
  ],
  invalid: [
    {
      name: "the helper returns the response's webSocket: the backend is a socket, the client leg is a proxy leg",
      code: gateway(`async function connectBackend(url: string): Promise<WebSocket> {
  const response = await fetch(url, { headers: { Upgrade: "websocket" } });
  if (!response.webSocket) throw new Error("backend refused the upgrade");
  return response.webSocket;
}`),
      errors: [{ messageId: "closeNotCompleted" }],
    },
  ],
});
