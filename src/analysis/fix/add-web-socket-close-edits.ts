/**
 * The edit that gives a Durable Object class the `webSocketClose` it lacks: a
 * method at the end of the class body whose only statement is the safe reply
 * of `close-reply-edits.ts` (1005 answered with an empty Close, 1006 and 1015
 * left alone, any other code echoed with its reason; docs/rules/no-reserved-close-code.md#the-fix).
 *
 * The method is neither `async` nor given `wasClean`: it awaits nothing, and an
 * unused last parameter would fail `noUnusedParameters` and `no-unused-vars`.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { TextEdit } from "../types.js";
import { safeCloseReplyLines } from "./close-reply-edits.js";
import { lineIndentAt, type SourceStyle } from "./source-style.js";

/** The inputs of `addWebSocketCloseEdits`. */
export interface AddWebSocketCloseInput {
  text: string;
  classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression;
  style: SourceStyle;
  /** Annotate the parameters (`ws: WebSocket, code: number, reason: string`). */
  typescript: boolean;
  /** The method to add and its socket parameter: default `webSocketClose(ws: WebSocket, …)`; partyserver's is `onClose(connection: Connection, …)`. */
  method?: { name: string; socket: string; socketType: string };
}

/**
 * @returns one edit that inserts the method before the class body's closing brace,
 *   indented as the class's first member, after a blank line when the members are
 *   separated by blank lines; `null` when the class has no member, or its closing
 *   brace shares a line with code.
 */
export function addWebSocketCloseEdits(input: AddWebSocketCloseInput): TextEdit[] | null {
  const { text, classNode, style } = input;
  const members = classNode.body.body;
  const last = members[members.length - 1];
  if (!last) return null;
  const closeBrace = classNode.body.range[1] - 1;
  const braceLineStart = text.lastIndexOf("\n", closeBrace - 1) + 1;
  if (text.slice(braceLineStart, closeBrace).trim() !== "") return null;
  // The first member's indentation: the class's own habit, whatever a later member drifted to.
  const indent = lineIndentAt(text, members[0]!.range[0]);
  const braceIndent = lineIndentAt(text, closeBrace);
  if (indent.length <= braceIndent.length || !indent.startsWith(braceIndent)) return null;
  const method = input.method ?? { name: "webSocketClose", socket: "ws", socketType: "WebSocket" };
  const params = input.typescript ? `${method.socket}: ${method.socketType}, code: number, reason: string` : `${method.socket}, code, reason`;
  const body = safeCloseReplyLines(method.socket, "code", "reason", style).map((line) => `${indent}${style.indent}${line}`);
  const lines = [`${indent}${method.name}(${params}) {`, ...body, `${indent}}`];
  // A blank line already before the closing brace serves as the separator.
  const blankBefore = /\n[ \t]*\r?\n[ \t]*$/u.test(text.slice(last.range[1], braceLineStart));
  const blank = separatedByBlankLines(text, members) && !blankBefore ? style.eol : "";
  return [{ range: [braceLineStart, braceLineStart], text: `${blank}${lines.join(style.eol)}${style.eol}` }];
}

/** Members separated by a blank line (or a single member: a method usually is). */
function separatedByBlankLines(text: string, members: readonly TSESTree.ClassElement[]): boolean {
  if (members.length < 2) return true;
  for (let index = 1; index < members.length; index++) {
    const between = text.slice(members[index - 1]!.range[1], members[index]!.range[0]);
    if (/\n[ \t]*\r?\n/u.test(between)) return true;
  }
  return false;
}
