import { RuleTester } from "@typescript-eslint/rule-tester";
import rule from "../../rules/no-redundant-close.js";

const auto = { "ws-close": { compatibilityDate: "2026-05-01" } };
const ruleTester = new RuleTester({ settings: auto });

ruleTester.run("no-redundant-close", rule, {
  valid: [
    {
      name: "manual mode keeps the reply",
      settings: { "ws-close": { compatibilityDate: "2026-01-01" } },
      code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {
  server.close(event.code, event.reason);
});`,
    },
  ],
  invalid: [
    {
      name: "echo in an inline handler",
      code: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {
  console.log("closed");
  server.close(event.code, event.reason);
});`,
      errors: [{ messageId: "redundantEcho", line: 6, column: 3 }],
      output: `
const [client, server] = Object.values(new WebSocketPair());
server.accept();
server.addEventListener("close", (event) => {
  console.log("closed");
});`,
    },
  ],
});
