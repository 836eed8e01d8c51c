/**
 * The rules with typed linting (issue 11): with a program (`parserOptions.projectService`), the core is
 * told what the modules a file imports do with its sockets, on the multi-file projects of
 * `fixtures/cross-module/`. The fixes equal the CLI's on the same files; without a program the same
 * code is analysed per file and the rules stay silent on what they cannot see.
 */
import { RuleTester, type InvalidTestCase, type ValidTestCase } from "@typescript-eslint/rule-tester";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rules, type RuleMessageIds } from "../../rules/index.js";
import { migrate } from "../../src/migrate/migrate.js";

const FIXTURES = fileURLToPath(new URL("../../fixtures/cross-module/", import.meta.url));

/** A fixture file: its absolute path and text. */
function fixture(project: string, file: string): { filename: string; code: string } {
  const filename = path.join(FIXTURES, project, file);
  return { filename, code: readFileSync(filename, "utf8") };
}

/** What the CLI writes in the file (its dry run), the output ESLint's fixes must equal. */
async function cliOutput(project: string, file: string): Promise<string> {
  const result = await migrate({ cwd: path.join(FIXTURES, project), paths: [file], write: false, parallelism: { maxWorkers: 0 } });
  const after = result.files.find((entry) => entry.path === file)?.after;
  if (after === undefined) throw new Error(`the CLI changes nothing in ${project}/${file}`);
  return after;
}

/** A RuleTester whose parser makes a program for the fixture project (typed linting), or none. */
function tester(project: string | null): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: project === null ? {} : { projectService: true, tsconfigRootDir: path.join(FIXTURES, project) },
    },
  });
}

const sessionIndex = fixture("session-handler", "src/index.ts");
const sessionOutput = await cliOutput("session-handler", "src/index.ts");

type CloseReplyIds = RuleMessageIds<"require-close-reply">;
const closeReplyInvalid: InvalidTestCase<CloseReplyIds, []>[] = [
  {
    name: "a socket handed to an imported function whose close listener never replies, an inline handler that calls an imported function that never closes it, and an imported close handler that closes nothing",
    ...sessionIndex,
    output: sessionOutput,
    errors: [
      { messageId: "importedListenerMissingReply", line: 9 },
      { messageId: "missingReply", line: 33 },
      { messageId: "missingReply", line: 42 },
    ],
  },
];

tester("session-handler").run("require-close-reply (typed linting)", rules["require-close-reply"], {
  valid: [
    { name: "a session module that replies", ...fixture("session-handler", "src/replying-session.ts") },
    { name: "the registry module itself", ...fixture("session-handler", "src/registry.ts") },
  ],
  invalid: closeReplyInvalid,
});

tester(null).run("require-close-reply (no program: per file)", rules["require-close-reply"], {
  valid: [{ name: "the socket escapes to unseen code, so the rule is silent", ...sessionIndex }],
  invalid: [],
});

type HibernationIds = RuleMessageIds<"require-hibernation-close">;
const forgetful = fixture("hibernation-helpers", "src/forgetful-room.ts");
const managed = fixture("hibernation-helpers", "src/managed-room.ts");
const plain = fixture("base-classes", "src/plain-room.ts");
const hibernationHelpers: InvalidTestCase<HibernationIds, []>[] = [
  {
    name: "webSocketClose hands the socket to an imported function that never closes it",
    ...forgetful,
    output: await cliOutput("hibernation-helpers", "src/forgetful-room.ts"),
    errors: [{ messageId: "missingCloseReply", line: 13 }],
  },
  {
    name: "webSocketClose calls a method of an imported class (through a typed field) that never closes it",
    ...managed,
    output: await cliOutput("hibernation-helpers", "src/managed-room.ts"),
    errors: [{ messageId: "missingCloseReply", line: 14 }],
  },
];
const baseClasses: InvalidTestCase<HibernationIds, []>[] = [
  {
    name: "an imported DurableObject base without webSocketClose: the method is added here",
    ...plain,
    output: await cliOutput("base-classes", "src/plain-room.ts"),
    errors: [
      {
        messageId: "missingWebSocketClose",
        line: 3,
        data: { className: "PlainRoom", baseNote: " (nor does its base `BaseDurableObject`)" },
      },
    ],
  },
  {
    name: "an inherited webSocketClose from another module that never replies: reported here, the fix belongs there",
    ...fixture("base-classes", "src/inheriting-room.ts"),
    output: null,
    errors: [{ messageId: "inheritedMissingCloseReply", line: 3, data: { className: "InheritingRoom", base: "QuietHandlers", file: "src/quiet-handlers.ts" } }],
  },
];
const hibernationValid: ValidTestCase<[]>[] = [
  { name: "an imported helper replies", ...fixture("hibernation-helpers", "src/replying-room.ts") },
  { name: "an imported helper closes the socket from webSocketMessage: closed elsewhere", ...fixture("hibernation-helpers", "src/error-closing-room.ts") },
];

tester("hibernation-helpers").run("require-hibernation-close (typed linting, helpers)", rules["require-hibernation-close"], {
  valid: hibernationValid,
  invalid: hibernationHelpers,
});

tester("base-classes").run("require-hibernation-close (typed linting, base classes)", rules["require-hibernation-close"], {
  valid: [
    { name: "the base replies", ...fixture("base-classes", "src/replied-room.ts") },
    { name: "the base closes sockets in webSocketMessage: closed elsewhere", ...fixture("base-classes", "src/closing-base-room.ts") },
  ],
  invalid: baseClasses,
});

tester(null).run("require-hibernation-close (no program: per file)", rules["require-hibernation-close"], {
  valid: [
    { name: "a delegate of another module may close the socket", ...forgetful },
    { name: "a method of an imported class may close the socket", ...managed },
    { name: "an imported base may define webSocketClose", ...plain },
  ],
  invalid: [],
});

const chat = fixture("rate-limiter-callback", "src/chat.ts");

tester("rate-limiter-callback").run("no-long-close-reason (typed linting)", rules["no-long-close-reason"], {
  valid: [{ name: "the limiter module itself", ...fixture("rate-limiter-callback", "src/rate-limiter.ts") }],
  invalid: [
    {
      name: "a callback given to an imported class that calls it with an error: its stack is the reason",
      ...chat,
      errors: [{ messageId: "reasonUnbounded", line: 9, data: { origin: "an error's text via `RateLimiterClient`", call: "webSocket.close()" }, suggestions: [{ messageId: "suggestClamp", output: chat.code.replace("err.stack)", "new TextDecoder().decode(new TextEncoder().encode(err.stack).slice(0, 123), { stream: true }))") }] }],
    },
  ],
});

tester(null).run("no-long-close-reason (no program: per file)", rules["no-long-close-reason"], {
  valid: [{ name: "what the imported class passes the callback is unknown", ...chat }],
  invalid: [],
});

const proxy = fixture("proxy-helpers", "src/index.ts");

tester("proxy-helpers").run("no-reserved-close-code (typed linting)", rules["no-reserved-close-code"], {
  valid: [{ name: "the relay module itself (its parameters are not known to be close events there)", ...fixture("proxy-helpers", "src/relay.ts") }],
  invalid: [
    {
      name: "a close event, and a received code, handed to relay helpers of another module that pass the code straight to close()",
      ...proxy,
      output: null,
      errors: [
        { messageId: "unguardedReceivedCodeThroughImport", line: 11 },
        { messageId: "unguardedReceivedCodeThroughImport", line: 12 },
      ],
    },
  ],
});

tester(null).run("no-reserved-close-code (no program: per file)", rules["no-reserved-close-code"], {
  valid: [{ name: "what the relay helpers do with the code is unknown", ...proxy }],
  invalid: [],
});

const pairHelper = fixture("pair-helper", "src/index.ts");

tester("pair-helper").run("require-close-reply (typed linting, a pair made in another module)", rules["require-close-reply"], {
  valid: [],
  invalid: [
    {
      name: "the ends an imported helper returns are a WebSocketPair's: the accepted one without a close listener gets one",
      ...pairHelper,
      output: await cliOutput("pair-helper", "src/index.ts"),
      errors: [{ messageId: "missingCloseListener", line: 6 }],
    },
  ],
});

tester(null).run("require-close-reply (no program: a pair made in another module)", rules["require-close-reply"], {
  valid: [{ name: "where the socket comes from is unknown: another module may add the listener", ...pairHelper }],
  invalid: [],
});

const chatRoom = fixture("inherited-sessions", "src/chat-room.ts");

tester("inherited-sessions").run("require-close-reply (typed linting, an inherited collection field)", rules["require-close-reply"], {
  valid: [{ name: "the base closes the sockets it keeps: out of sight", ...fixture("inherited-sessions", "src/game-room.ts") }],
  invalid: [
    {
      name: "a socket kept in a Set the imported base makes and only sends to: the close handler never replies",
      ...chatRoom,
      output: await cliOutput("inherited-sessions", "src/chat-room.ts"),
      errors: [{ messageId: "missingReply", line: 9 }],
    },
  ],
});

tester(null).run("require-close-reply (no program: an inherited collection field)", rules["require-close-reply"], {
  valid: [{ name: "a field the class does not declare may be read anywhere", ...chatRoom }],
  invalid: [],
});
