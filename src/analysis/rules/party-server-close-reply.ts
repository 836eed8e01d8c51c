/**
 * `require-close-reply` for partyserver and the agents SDK (docs/runtime-behaviour.md#partyserver-and-the-agents-sdk-answer-from-some-versions): a
 * `Server` (or `Agent`) subclass's `onClose(connection, code, reason, wasClean)`
 * is the close handler of `connection`. From partyserver 0.5.4 the framework
 * answers the Close frame itself after `onClose`; below it nobody does unless
 * the runtime does: never for a hibernating server (`static options = {
 * hibernate: true }`, docs/runtime-behaviour.md#hibernatable-sockets-are-never-answered-by-the-runtime), and only in `auto` mode for a standard one
 * (docs/runtime-behaviour.md#without-the-auto-reply-only-your-code-answers). So an `onClose` that never closes its connection is
 * reported when the installed version is known to be below the change and the
 * runtime does not answer either; the fix appends the safe reply
 * (`close-reply-edits.ts`), which stays harmless after an upgrade: the
 * framework's own reply then finds the socket closed and does nothing.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "../ast/ast-traversal.js";
import { staticString, unwrapExpression } from "../ast/expressions.js";
import { addWebSocketCloseEdits } from "../fix/add-web-socket-close-edits.js";
import { appendCloseReplyEdits } from "../fix/close-reply-edits.js";
import { decideFix } from "../fix/fix-policy.js";
import { detectSourceStyle } from "../fix/source-style.js";
import { classChain, type ClassNode } from "../model/class-chain.js";
import { frameworkReplies } from "../model/framework-close-reply.js";
import {
  classFamily,
  fileMayAddHandler,
  hasCloseCall,
  isHandedToCode,
  isMethodNamed,
  mayDefineHandler,
  socketsMayBeClosedElsewhere,
} from "../model/missing-web-socket-close.js";
import { closesSocket } from "../model/socket-closing.js";
import type { Finding, TextEdit } from "../types.js";
import { shortName } from "./message-values.js";
import type { FileModel, FindingFactory } from "./rule-definition.js";

/** The base classes whose `onClose` is a close handler: the module and its export. */
const SERVER_BASES: Readonly<Record<string, "partyserver" | "agents">> = {
  "partyserver:Server": "partyserver",
  "agents:Agent": "agents",
};

/** The methods through which partyserver hands the user a connection. */
const CONNECTION_HANDLERS = new Set(["onConnect", "onMessage", "onError"]);

/**
 * The message ids this module reports with, by case; the templates live in `require-close-reply`'s
 * table (placeholders: `className`, `socket`, `framework`, `since`, `compat`; `hibernation` for `withoutOnClose`).
 */
export interface PartyServerMessageIds<MessageId extends string> {
  /** A standard server's `onClose` never closes its connection (manual or mixed mode). */
  missingReply: MessageId;
  /** A hibernating server's `onClose` never closes its connection (any mode). */
  hibernatingMissingReply: MessageId;
  /** A partyserver server that takes connections has no `onClose`. */
  withoutOnClose: MessageId;
}

/** Methods that show a server takes WebSocket connections. */
const CONNECTION_HOOKS = new Set(["onConnect", "onMessage"]);

/**
 * `static options = { hibernate: … }` of the nearest class of the chain that sets `options`:
 * `yes`, `no` (no `options`, or no `hibernate` in a literal without spreads), or `unknown`.
 */
function hibernates(chain: readonly ClassNode[]): "yes" | "no" | "unknown" {
  for (const node of chain) {
    for (const member of node.body.body) {
      if (member.type !== "PropertyDefinition" || !member.static || member.computed) continue;
      if (member.key.type !== "Identifier" || member.key.name !== "options") continue;
      const value = member.value ? unwrapExpression(member.value) : null;
      if (value?.type !== "ObjectExpression") return "unknown";
      let answer: "yes" | "no" | "unknown" = "no";
      for (const property of value.properties) {
        if (property.type === "SpreadElement") return "unknown";
        const key = property.computed ? staticString(property.key) : property.key.type === "Identifier" ? property.key.name : staticString(property.key);
        if (key === null) return "unknown";
        if (key !== "hibernate") continue;
        const flag = unwrapExpression(property.value);
        answer = flag.type === "Literal" && typeof flag.value === "boolean" ? (flag.value ? "yes" : "no") : "unknown";
      }
      return answer;
    }
    // A getter or a computed member may hold the options too.
    if (mayDefineHandler(node, "options")) return "unknown";
  }
  return "no";
}

function runtimeParams(fn: TSESTree.FunctionExpression): TSESTree.Parameter[] {
  return fn.params[0]?.type === "Identifier" && fn.params[0].name === "this" ? fn.params.slice(1) : fn.params;
}

/** The classes of the file. */
function fileClasses(ast: TSESTree.Program): ClassNode[] {
  const classes: ClassNode[] = [];
  walkAst(ast, (node) => {
    if (node.type === "ClassDeclaration" || node.type === "ClassExpression") classes.push(node);
    return true;
  });
  return classes;
}

/**
 * @param model the file's model (its context carries the mode and the framework versions).
 * @param finding `require-close-reply`'s finding factory.
 * @returns one finding per partyserver or agents `onClose` proven never to close its connection
 *   where neither the installed framework nor the runtime answers the Close frame.
 */
export function findPartyServerMissingReplies<MessageId extends string>(
  model: FileModel,
  finding: FindingFactory<MessageId>,
  ids: PartyServerMessageIds<MessageId>,
): Finding[] {
  const { scope, context } = model;
  if (!context.frameworks.partyserver && !context.frameworks.agents) return [];
  const findings: Finding[] = [];
  const classes = fileClasses(context.ast);
  for (const node of classes) {
    const chain = classChain(node, scope);
    const framework = chain.end === "framework" && chain.framework ? SERVER_BASES[`${chain.framework.source}:${chain.framework.imported}`] : undefined;
    if (!framework || frameworkReplies(context.frameworks, framework) !== "no") continue;
    const onClose = node.body.body.find((member) => isMethodNamed(member, new Set(["onClose"])));
    const hibernating = hibernates(chain.classes);
    const withoutAutoReply = context.compat.mode === "manual" || context.compat.mode === "mixed";
    if (hibernating !== "yes" && !withoutAutoReply) continue;
    if (!onClose || !isMethodNamed(onClose, new Set(["onClose"]))) {
      const missing = withoutOnClose(node, chain.classes, classes, framework, context, scope);
      const hibernation = hibernating === "yes" ? "hibernating server" : context.compatNote;
      const hibernationDetail = hibernating === "yes" ? HIBERNATING : standardNote(context.compatDescription);
      if (missing) findings.push(finding(ids.withoutOnClose, missing.at, { ...missing.data, hibernation, hibernationDetail }, decideFix(missing.edits, "repairs-defect", [])));
      continue;
    }

    const fn = onClose.value;
    const params = runtimeParams(fn);
    const connection = params[0]?.type === "Identifier" ? scope.resolve(params[0]) : null;
    if (params.length > 0 && !connection) continue;
    const family = classFamily(node, chain, classes, scope);
    // Another `onClose`, `webSocketClose` or `fetch` in the family, or one the file may add, replaces this handler or the framework's path.
    const others = family.filter((member) => member !== node);
    if (others.some((member) => mayDefineHandler(member, "onClose")) || family.some((member) => mayDefineHandler(member, "webSocketClose"))) continue;
    if (family.some((member) => mayDefineHandler(member, "fetch")) || fileMayAddHandler(context.ast, "onClose")) continue;
    if (family.some((member) => isHandedToCode(member, scope))) continue;
    // The server may close connections itself (then the close event is the client's answer), or hand them to unseen code.
    const unrelated = new Set(classes.filter((other) => !family.includes(other)));
    if (hasCloseCall(context.ast, unrelated)) continue;
    if (socketsMayBeClosedElsewhere([], family, scope, CONNECTION_HANDLERS)) continue;
    if (connection && closesSocket(fn, connection, scope, node) !== "no") continue;

    const edits = appendCloseReplyEdits({
      text: context.text,
      fn,
      params,
      style: detectSourceStyle(context.text, context.ast),
      typescript: context.typescript,
    });
    const version = context.frameworks[framework]!;
    const data = {
      className: shortName(node.id?.name ?? "(class)"),
      socket: shortName(connection?.name ?? "ws"),
      framework: frameworkText(framework, version.range),
      since: framework === "partyserver" ? "partyserver 0.5.4" : "agents 0.11.7",
      compat: context.compatNote,
    };
    const messageId = hibernating === "yes" ? ids.hibernatingMissingReply : ids.missingReply;
    findings.push(finding(messageId, onClose.key, data, decideFix(edits, "repairs-defect", [])));
  }
  return findings;
}

const HIBERNATING = "the runtime never answers a hibernating server's sockets";

/** `partyserver 0.5.3`, the version (or range) cut to 12 characters for a message. */
function frameworkText(framework: "partyserver" | "agents", range: string): string {
  return `${framework} ${shortName(range, 12)}`;
}

function standardNote(compat: string): string {
  return `without auto reply (${compat}) neither does the runtime`;
}

/**
 * A partyserver `Server` subclass of the file that takes connections (`onConnect` or `onMessage`
 * in its chain) and has no `onClose` at all: below 0.5.4 the base's `onClose` is empty (read in
 * partyserver 0.0.75 and 0.5.3) and nothing answers the Close frame. The fix adds an `onClose`
 * with the safe reply; the base's empty one is not lost. Only for partyserver: an agents `Agent`
 * may do its own work in `onClose`, which an added override would hide.
 */
function withoutOnClose(
  node: ClassNode,
  chain: readonly ClassNode[],
  classes: readonly ClassNode[],
  framework: "partyserver" | "agents",
  context: FileModel["context"],
  scope: FileModel["scope"],
): { at: TSESTree.Node; data: Record<string, string>; edits: TextEdit[] | null } | null {
  if (framework !== "partyserver" || !node.id) return null;
  const family = classFamily(node, classChain(node, scope), classes, scope);
  // The class whose chain is reported: the nearest of the file that extends the framework directly is the one to give the method.
  if (chain[chain.length - 1] !== node) return null;
  if (!family.some((member) => member.body.body.some((element) => isMethodNamed(element, CONNECTION_HOOKS)))) return null;
  if (family.some((member) => mayDefineHandler(member, "onClose") || mayDefineHandler(member, "webSocketClose") || mayDefineHandler(member, "fetch"))) return null;
  if (fileMayAddHandler(context.ast, "onClose") || family.some((member) => isHandedToCode(member, scope))) return null;
  const unrelated = new Set(classes.filter((other) => !family.includes(other)));
  if (hasCloseCall(context.ast, unrelated) || socketsMayBeClosedElsewhere([], family, scope, CONNECTION_HANDLERS)) return null;
  const connectionType = importedName(context.ast, "partyserver", "Connection") ?? "WebSocket";
  const edits = addWebSocketCloseEdits({
    text: context.text,
    classNode: node,
    style: detectSourceStyle(context.text, context.ast),
    typescript: context.typescript,
    method: { name: "onClose", socket: "connection", socketType: connectionType },
  });
  const version = context.frameworks.partyserver!;
  return {
    at: node.id,
    data: { className: shortName(node.id.name), framework: frameworkText("partyserver", version.range), since: "partyserver 0.5.4" },
    edits,
  };
}

/** The local name of `imported` from `source` when the file imports it (`import { type Connection } from "partyserver"`). */
function importedName(ast: TSESTree.Program, source: string, imported: string): string | null {
  for (const statement of ast.body) {
    if (statement.type !== "ImportDeclaration" || statement.source.value !== source) continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type !== "ImportSpecifier") continue;
      const name = specifier.imported.type === "Identifier" ? specifier.imported.name : specifier.imported.value;
      if (name === imported) return specifier.local.name;
    }
  }
  return null;
}
