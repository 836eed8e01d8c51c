/**
 * The edits that turn `const sock = new WebSocket(url)` into the `fetch()`
 * upgrade pattern, whose socket can be half-open:
 *
 * ```ts
 * const sock = (await fetch(String(url).replace(/^ws/i, "http"), { headers: { Upgrade: "websocket" } })).webSocket;
 * if (!sock) throw new Error("WebSocket upgrade refused");
 * sock.accept({ allowHalfOpen: true });
 * ```
 *
 * Measured in workerd 2026-11-17 (npm workerd 1.20261117.1): `new WebSocket()`
 * takes only `ws:`/`wss:` URLs (an `http:` URL throws SyntaxError), `fetch()`
 * upgrades `http:`/`https:` URLs with an `Upgrade: websocket` header; the
 * response's `webSocket` is `null` when the server does not upgrade; the
 * socket cannot send before `accept()`, is OPEN (1) right after it, and never
 * fires an `open` event.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { isFunctionNode, walkAst } from "../ast/ast-traversal.js";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { outermostWrapper, staticString, unwrapExpression } from "../ast/expressions.js";
import type { SocketBinding } from "../model/socket-model.js";
import { detectSourceStyle, lineIndentAt } from "./source-style.js";
import type { TextEdit } from "../types.js";

const WS_SCHEME = /^wss?:/iu;

/** `"` or `'`: the quote most string literals of the file use (`"` on a tie). */
function preferredQuote(text: string, ast: TSESTree.Program): string {
  let double = 0;
  let single = 0;
  walkAst(ast, (node) => {
    if (node.type === "Literal" && typeof node.value === "string") {
      if (text.charAt(node.range[0]) === "'") single++;
      else if (text.charAt(node.range[0]) === '"') double++;
    }
    return true;
  });
  return single > double ? "'" : '"';
}

/** True when code after `statement` in its function can wait for `await`: the nearest function is `async`. */
function isInAsyncFunction(statement: TSESTree.Node): boolean {
  for (let node = statement.parent; node; node = node.parent) {
    if (node.type === "StaticBlock" || node.type === "PropertyDefinition" || node.type === "Program") return false;
    if (isFunctionNode(node)) return node.async;
  }
  return false;
}

/**
 * True when the code listens for the socket's `open` event (`addEventListener("open", …)`,
 * `onopen = …`, or a listener for an event name it cannot read): after `accept()` the
 * socket is already open and no `open` event fires, so that code would never run.
 */
function listensForOpen(socket: SocketBinding): boolean {
  return socket.variable.references.some((reference) => {
    const use = outermostWrapper(reference.identifier as TSESTree.Identifier);
    const member = use.parent;
    if (member?.type !== "MemberExpression" || member.object !== use) return false;
    const property = getPropertyName(member);
    if (property === "onopen") return true;
    if (property !== "addEventListener" || member.parent?.type !== "CallExpression") return false;
    const event = staticString(member.parent.arguments[0]);
    return event === null || event === "open";
  });
}

/** The `fetch()` URL for the `new WebSocket()` argument `url`: a `ws:`/`wss:` literal converted in place, anything else at run time. */
function fetchUrlText(text: string, url: TSESTree.Expression, quote: string): string | null {
  const source = text.slice(url.range[0], url.range[1]);
  const literal = staticString(url);
  if (url.type === "Literal" || (url.type === "TemplateLiteral" && url.expressions.length === 0)) {
    // A literal that is not ws:/wss: makes `new WebSocket()` throw; no rewrite can keep that.
    if (literal === null || !WS_SCHEME.test(literal) || !/^.ws/iu.test(source)) return null;
    return `${source[0]}http${source.slice(3)}`;
  }
  if (url.type === "TemplateLiteral") {
    const head = url.quasis[0]?.value.raw ?? "";
    if (WS_SCHEME.test(head)) return `\`http${source.slice(3)}`;
    return `${source}.replace(/^ws/i, ${quote}http${quote})`;
  }
  return `String(${source}).replace(/^ws/i, ${quote}http${quote})`;
}

/**
 * @param text the file's source text.
 * @param ast the program (for the file's style: semicolons, line ending, quotes).
 * @param socket a `new-websocket` socket.
 * @returns the edits, or `null` when the rewrite is not proven valid and equivalent:
 *   the binding is not a plain `const`/`let` declaration statement in a block of an
 *   `async` function, has a type annotation, the constructor has other than one plain
 *   argument (protocols need a `Sec-WebSocket-Protocol` header), the socket already has
 *   an `accept()` call or listens for `open`, or other code follows the declaration on its line.
 */
export function fetchUpgradeEdits(text: string, ast: TSESTree.Program, socket: SocketBinding): TextEdit[] | null {
  if (socket.origin !== "new-websocket" || socket.acceptCalls.length > 0 || listensForOpen(socket)) return null;
  const declarator = socket.variable.defs[0]?.node as TSESTree.VariableDeclarator | undefined;
  if (declarator?.type !== "VariableDeclarator" || declarator.id.type !== "Identifier" || declarator.id.typeAnnotation) return null;
  const construct = declarator.init ? unwrapExpression(declarator.init) : null;
  if (construct?.type !== "NewExpression" || construct.arguments.length !== 1) return null;
  const url = construct.arguments[0]!;
  if (url.type === "SpreadElement") return null;
  const declaration = declarator.parent;
  if (declaration?.type !== "VariableDeclaration" || declaration.kind === "var" || declaration.declare) return null;
  const list = declaration.parent;
  if (list?.type !== "BlockStatement" && list?.type !== "SwitchCase") return null;
  if (!isInAsyncFunction(declaration)) return null;

  const style = detectSourceStyle(text, ast);
  const quote = preferredQuote(text, ast);
  const fetchUrl = fetchUrlText(text, url, quote);
  if (fetchUrl === null) return null;

  const end = declaration.range[1];
  const newline = text.indexOf("\n", end);
  const lineEnd = newline === -1 ? text.length : text[newline - 1] === "\r" ? newline - 1 : newline;
  const rest = text.slice(end, lineEnd).trim();
  if (rest !== "" && !rest.startsWith("//")) return null;

  const name = socket.name;
  const indent = lineIndentAt(text, declaration.range[0]);
  const s = style.semicolon;
  const headers = `{ headers: { Upgrade: ${quote}websocket${quote} } }`;
  const lines = [
    `if (!${name}) throw new Error(${quote}WebSocket upgrade refused${quote})${s}`,
    `${name}.accept({ allowHalfOpen: true })${s}`,
  ];
  return [
    { range: construct.range, text: `(await fetch(${fetchUrl}, ${headers})).webSocket` },
    { range: [lineEnd, lineEnd], text: lines.map((line) => `${style.eol}${indent}${line}`).join("") },
  ];
}
