/**
 * What the core can tell of a value passed as a close reason (for
 * `no-long-close-reason`): its least UTF-8 length, the length of the parts it
 * can trace, the exact text when it is static, and where unbounded text comes
 * from (an error, a received message, `JSON.stringify`, a received close
 * reason with text added). A received close reason alone is bounded: it came
 * in a valid Close frame (docs/runtime-behaviour.md#close-reasons-longer-than-123-bytes). A variable read where `x instanceof
 * Error` has been tested true is an error; a parameter of an inline callback
 * holds what a same-file function or class passes it (`callbackArguments`).
 */
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { outermostWrapper, staticString, unwrapExpression } from "../ast/expressions.js";
import { isNeverReassigned, type ScopeIndex, type VariableLike } from "../ast/scope-lookup.js";
import { utf8ByteLength } from "../fix/utf8-literal-text.js";
import { callbackArguments } from "./callback-arguments.js";
import { unwrapValue } from "./received-close-codes.js";

/** The largest close reason, in UTF-8 bytes: 125 bytes of Close frame payload less the 2-byte code (docs/runtime-behaviour.md#close-reasons-longer-than-123-bytes). */
export const MAX_CLOSE_REASON_BYTES = 123;

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Where an unbounded reason's text comes from. */
export type Origin = "error" | "message" | "json" | "close-reason";

export const ORIGIN_PHRASES: Record<Origin, string> = {
  error: "an error's text",
  message: "a received message",
  json: "`JSON.stringify()`",
  "close-reason": "a received close reason with text added",
};

/**
 * What the rule knows of a value converted to a string: at least `min` UTF-8
 * bytes; at most `traced` bytes counting only the parts it can trace (an
 * untraced part counts 0, so `traced > 123` proves that traced data alone can
 * overflow); the exact string when every part is static.
 */
export interface TextValue {
  kind: "text";
  min: number;
  traced: number;
  exact: string | null;
  origin: Origin | null;
  /** A `.slice(0, n)` length on the traced part, for the message. */
  cut: number | null;
  /** True when the value is a string (so `+` concatenates). */
  isString: boolean;
  /** Where the traced part comes from when another module passes it: that code's name and file (`RateLimiterClient`, `src/rate-limiter.ts`). */
  via?: ImportedCode;
}

/** A function or class of another module, named in a message. */
export interface ImportedCode {
  name: string;
  /** Its file, as the cross-module view shows it (relative to the project). */
  file: string;
}

/**
 * The native error constructors: `x instanceof TypeError` proves `x` an error
 * as well as `instanceof Error` does (when the name is the global).
 */
const ERROR_CONSTRUCTORS = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError"]);

/** Values that are not strings but turn into traced text, or hold traced fields. */
type ObjectKind = "error" | "message" | "message-event" | "close-event";
type Value = TextValue | { kind: ObjectKind; via?: ImportedCode } | { kind: "unknown" };

const UNKNOWN: Value = { kind: "unknown" };
const UNKNOWN_TEXT: TextValue = { kind: "text", min: 0, traced: 0, exact: null, origin: null, cut: null, isString: false };
/** A received close reason: it came in a valid Close frame, so it is at most 123 bytes. */
const CLOSE_REASON: TextValue = { kind: "text", min: 0, traced: MAX_CLOSE_REASON_BYTES, exact: null, origin: "close-reason", cut: null, isString: true };

function exactText(value: string, isString: boolean): TextValue {
  const bytes = utf8ByteLength(value);
  return { kind: "text", min: bytes, traced: bytes, exact: value, origin: null, cut: null, isString };
}

function unboundedText(origin: Origin, via?: ImportedCode): TextValue {
  return { kind: "text", min: 0, traced: Infinity, exact: null, origin, cut: null, isString: true, ...(via ? { via } : {}) };
}

/** The text a value becomes when `close()` converts it to a string. */
export function toText(value: Value): TextValue {
  if (value.kind === "text") return value;
  if (value.kind === "error") return unboundedText("error", value.via);
  if (value.kind === "message") return unboundedText("message", value.via);
  return UNKNOWN_TEXT;
}

/** The traced part that weighs most: its origin and cut name the value in the message. */
function heaviest(parts: readonly TextValue[]): TextValue | undefined {
  return parts.filter((part) => part.origin !== null).sort((a, b) => b.traced - a.traced)[0];
}

function concat(parts: readonly TextValue[]): TextValue {
  const main = heaviest(parts);
  const exact = parts.every((part) => part.exact !== null) ? parts.map((part) => part.exact).join("") : null;
  return {
    kind: "text",
    min: parts.reduce((sum, part) => sum + part.min, 0),
    traced: parts.reduce((sum, part) => sum + part.traced, 0),
    exact,
    origin: main?.origin ?? null,
    cut: main?.cut ?? null,
    isString: true,
    ...(main?.via ? { via: main.via } : {}),
  };
}

/** Either of two values (the branches of `?:`, the operands of `||`). */
function either(a: Value, b: Value): Value {
  if (a.kind === b.kind && a.kind !== "text") return a;
  const [x, y] = [toText(a), toText(b)];
  const main = heaviest([x, y]);
  return {
    kind: "text",
    min: Math.min(x.min, y.min),
    traced: Math.max(x.traced, y.traced),
    exact: x.exact !== null && x.exact === y.exact ? x.exact : null,
    origin: main?.origin ?? null,
    cut: main?.cut ?? null,
    isString: x.isString && y.isString,
    ...(main?.via ? { via: main.via } : {}),
  };
}

/** A non-negative integer literal, else `null`. */
function integerLiteral(node: TSESTree.Node | undefined): number | null {
  const value = node ? unwrapExpression(node) : null;
  return value?.type === "Literal" && typeof value.value === "number" && Number.isInteger(value.value) && value.value >= 0 ? value.value : null;
}

/** The value of a JSON-able literal tree (`{ a: 1, b: ["x"] }`), or `undefined` when any part is not a literal. */
function staticJsonValue(node: TSESTree.Node): unknown {
  const value = unwrapExpression(node);
  if (value.type === "Literal") return value.value instanceof RegExp || typeof value.value === "bigint" ? undefined : value.value;
  if (value.type === "TemplateLiteral") return staticString(value) ?? undefined;
  if (value.type === "ArrayExpression") {
    const items = value.elements.map((element) => (element && element.type !== "SpreadElement" ? staticJsonValue(element) : undefined));
    return items.includes(undefined) ? undefined : items;
  }
  if (value.type !== "ObjectExpression") return undefined;
  const result: Record<string, unknown> = {};
  for (const property of value.properties) {
    if (property.type !== "Property" || property.kind !== "init" || property.method || property.shorthand) return undefined;
    const key = property.computed ? null : property.key.type === "Identifier" ? property.key.name : staticString(property.key) ?? (property.key.type === "Literal" ? String(property.key.value) : null);
    const item = key === null ? undefined : staticJsonValue(property.value);
    if (item === undefined) return undefined;
    result[key!] = item;
  }
  return result;
}

const TRIM_METHODS = new Set(["trim", "trimStart", "trimEnd"]);
/** Methods that keep an unbounded text unbounded; on bounded text their size is not followed. */
const RESHAPING_METHODS = new Set(["toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase", "normalize", "replace", "replaceAll"]);

/**
 * The values of one file that can reach a close reason, answered through
 * scope: which variables hold an error, a received message or a close event,
 * and what an expression converted to a string can weigh.
 */
export class ReasonValues {
  private readonly kinds = new Map<VariableLike, ObjectKind | "close-reason">();
  private readonly visiting = new Set<VariableLike>();

  /**
   * @param scope the file's scope index.
   * @param program the file's AST, to follow a callback's parameter to the calls a
   *   same-file function or class makes of it; without it, such parameters are unknown.
   */
  constructor(
    private readonly scope: ScopeIndex,
    private readonly program: TSESTree.Program | null = null,
  ) {}

  /** Records that `identifier` (a parameter, a catch binding) holds a value of `kind` for its whole life. */
  mark(identifier: TSESTree.Node | null | undefined, kind: ObjectKind | "close-reason"): void {
    if (identifier?.type !== "Identifier") return;
    const variable = this.scope.resolve(identifier);
    if (!variable || this.kinds.has(variable) || !holdsOneValue(variable)) return;
    this.kinds.set(variable, kind);
  }

  /** Marks a handler's first runtime parameter (`event`, or `{ data }` / `{ reason }` destructured from it). */
  markEventParam(fn: FunctionNode, kind: "message-event" | "close-event"): void {
    const param = runtimeParams(fn)[0];
    if (param?.type === "Identifier") this.mark(param, kind);
    if (param?.type !== "ObjectPattern") return;
    const field = kind === "message-event" ? "data" : "reason";
    for (const property of param.properties) {
      if (property.type === "Property" && !property.computed && property.key.type === "Identifier" && property.key.name === field) {
        this.mark(property.value, kind === "message-event" ? "message" : "close-reason");
      }
    }
  }

  /** True when `identifier` names a global (not declared in the file; a TypeScript lib global has no definitions). */
  private isGlobal(identifier: TSESTree.Node, name: string): boolean {
    if (identifier.type !== "Identifier" || identifier.name !== name) return false;
    const variable = this.scope.resolve(identifier);
    return variable === null || variable.defs.length === 0;
  }

  /** What `node` is, as far as a close reason is concerned. */
  valueOf(node: TSESTree.Node): Value {
    const value = unwrapValue(node);
    switch (value.type) {
      case "Literal":
        if (typeof value.value === "string") return exactText(value.value, true);
        if (typeof value.value === "number" || typeof value.value === "boolean" || value.value === null) return exactText(String(value.value), false);
        return UNKNOWN;
      case "TemplateLiteral": {
        const parts: TextValue[] = [];
        value.quasis.forEach((quasi, index) => {
          parts.push(quasi.value.cooked === null ? UNKNOWN_TEXT : exactText(quasi.value.cooked, true));
          const expression = value.expressions[index];
          if (expression) parts.push(toText(this.valueOf(expression)));
        });
        return concat(parts);
      }
      case "BinaryExpression": {
        if (value.operator !== "+") return UNKNOWN;
        const [left, right] = [this.valueOf(value.left), this.valueOf(value.right)];
        // `+` concatenates when either side is a string or an object; two numbers add.
        const concatenates = (side: Value): boolean => (side.kind === "text" ? side.isString : side.kind !== "unknown");
        return concatenates(left) || concatenates(right) ? concat([toText(left), toText(right)]) : UNKNOWN;
      }
      case "ConditionalExpression":
        return either(this.valueOf(value.consequent), this.valueOf(value.alternate));
      case "LogicalExpression":
        return either(this.valueOf(value.left), this.valueOf(value.right));
      case "Identifier":
        return this.identifierValue(value);
      case "MemberExpression": {
        const name = getPropertyName(value);
        return name === null || value.object.type === "Super" ? UNKNOWN : this.memberValue(this.valueOf(value.object), name);
      }
      case "CallExpression":
        return this.callValue(value);
      default:
        return UNKNOWN;
    }
  }

  private identifierValue(identifier: TSESTree.Identifier): Value {
    const variable = this.scope.resolve(identifier);
    if (!variable) return UNKNOWN;
    const kind = this.kinds.get(variable);
    if (kind === "close-reason") return CLOSE_REASON;
    if (kind) return { kind };
    if (holdsOneValue(variable) && this.isNarrowedToError(identifier, variable)) return { kind: "error" };
    if (this.visiting.has(variable) || !isNeverReassigned(variable)) return UNKNOWN;
    if (variable.defs[0]?.type === "Parameter") return this.callbackParameterValue(variable);
    if (variable.defs[0]?.type !== "Variable") return UNKNOWN;
    const declarator = variable.defs[0].node as TSESTree.VariableDeclarator;
    if (!declarator.init) return UNKNOWN;
    this.visiting.add(variable);
    try {
      if (declarator.id.type === "Identifier") return this.valueOf(declarator.init);
      if (declarator.id.type !== "ObjectPattern") return UNKNOWN;
      // `const { message } = err`, `const { data } = event`: a field of the initializer, without a default.
      const declared = variable.identifiers[0];
      for (const property of declarator.id.properties) {
        if (property.type !== "Property" || property.value !== declared) continue;
        const name = !property.computed && property.key.type === "Identifier" ? property.key.name : staticString(property.key);
        return name === null ? UNKNOWN : this.memberValue(this.valueOf(declarator.init), name);
      }
      return UNKNOWN;
    } finally {
      this.visiting.delete(variable);
    }
  }

  /**
   * A parameter of an inline callback that a function or class of this file
   * calls (see `callbackArguments`): what every call passes in its place, when
   * all of them pass the same kind of object (an error, a received message),
   * or all pass text (then either of those texts). Anything else, or no call
   * at all, is unknown.
   */
  private callbackParameterValue(variable: VariableLike): Value {
    const passed = this.program ? callbackArguments(variable, this.scope, this.program) : null;
    if (!passed) return this.importedCallbackParameterValue(variable);
    if (passed.length === 0) return UNKNOWN;
    this.visiting.add(variable);
    try {
      const values = passed.map((node) => (node ? this.valueOf(node) : UNKNOWN));
      const first = values[0]!;
      if (first.kind !== "text" && first.kind !== "unknown" && values.every((value) => value.kind === first.kind)) return first;
      if (values.every((value) => value.kind === "text")) return values.reduce<Value>((a, b) => either(a, b), values[0]!);
      return UNKNOWN;
    } finally {
      this.visiting.delete(variable);
    }
  }

  /**
   * A parameter of an inline callback given to a function or class of another module
   * (`module-facts.ts`, `ParameterFacts.callbackArguments`): an error or a received message
   * when every call there passes one in its place.
   */
  private importedCallbackParameterValue(variable: VariableLike): Value {
    const callback = variable.defs[0]?.node as TSESTree.Node | undefined;
    if (callback?.type !== "FunctionExpression" && callback?.type !== "ArrowFunctionExpression") return UNKNOWN;
    const position = runtimeParams(callback).indexOf(variable.identifiers[0] as TSESTree.Parameter);
    const use = outermostWrapper(callback);
    const outer = use.parent;
    if (position < 0 || (outer?.type !== "CallExpression" && outer?.type !== "NewExpression")) return UNKNOWN;
    if (runtimeParams(callback).slice(0, position).some((param) => param.type === "RestElement")) return UNKNOWN;
    const imported = this.scope.crossModule?.argumentFacts(outer, use);
    const kind = imported?.param.callbackArguments?.[position];
    return kind === "error" || kind === "message" ? { kind, via: { name: imported!.fn.name, file: imported!.fn.file } } : UNKNOWN;
  }

  /**
   * True when `identifier` is read where a test has proven its value an error:
   * in the consequent of `x instanceof Error ? … : …` or of
   * `if (x instanceof Error) …`, or on the right of `x instanceof Error && …`
   * (`Error` or another native error constructor, as a global). The variable
   * holds one value for its whole life, so the test still holds there.
   */
  private isNarrowedToError(identifier: TSESTree.Identifier, variable: VariableLike): boolean {
    let child: TSESTree.Node = identifier;
    for (let parent: TSESTree.Node | undefined = identifier.parent; parent; child = parent, parent = parent.parent) {
      const test =
        (parent.type === "ConditionalExpression" || parent.type === "IfStatement") && parent.consequent === child
          ? parent.test
          : parent.type === "LogicalExpression" && parent.operator === "&&" && parent.right === child
            ? parent.left
            : null;
      if (test && this.provesError(test, variable)) return true;
    }
    return false;
  }

  /** True when `test` is true only if `variable` holds an error: `x instanceof Error`, or such a test on either side of `&&`. */
  private provesError(test: TSESTree.Node, variable: VariableLike): boolean {
    const value = unwrapExpression(test);
    if (value.type === "LogicalExpression" && value.operator === "&&") return this.provesError(value.left, variable) || this.provesError(value.right, variable);
    if (value.type !== "BinaryExpression" || value.operator !== "instanceof") return false;
    const [left, right] = [unwrapExpression(value.left), unwrapExpression(value.right)];
    return (
      left.type === "Identifier" &&
      this.scope.resolve(left) === variable &&
      right.type === "Identifier" &&
      ERROR_CONSTRUCTORS.has(right.name) &&
      this.isGlobal(right, right.name)
    );
  }

  private memberValue(object: Value, name: string): Value {
    switch (object.kind) {
      case "error":
        return name === "message" || name === "stack" ? unboundedText("error", object.via) : UNKNOWN;
      case "message-event":
        return name === "data" ? { kind: "message" } : UNKNOWN;
      case "message":
        // A field of a parsed message is received data too; its `length` is a number.
        return name === "length" ? UNKNOWN : { kind: "message" };
      case "close-event":
        return name === "reason" ? CLOSE_REASON : UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private callValue(call: TSESTree.CallExpression): Value {
    const callee = unwrapValue(call.callee);
    const [first, second] = call.arguments;
    if (this.isGlobal(callee, "String")) return first ? toText(this.valueOf(first)) : exactText("", true);
    if (callee.type !== "MemberExpression") return UNKNOWN;
    const name = getPropertyName(callee);
    const object = unwrapValue(callee.object);
    if (this.isGlobal(object, "JSON")) {
      if (name === "stringify" && first && first.type !== "SpreadElement") {
        const json = staticJsonValue(first);
        if (json === undefined) return unboundedText("json");
        // With a replacer or an indent the text differs from the plain one: its size is not computed.
        return call.arguments.length === 1 ? exactText(JSON.stringify(json) ?? "", true) : UNKNOWN;
      }
      if (name === "parse" && first) {
        const parsed = this.valueOf(first);
        return parsed.kind === "message" || (parsed.kind === "text" && parsed.origin === "message") ? { kind: "message" } : UNKNOWN;
      }
      return UNKNOWN;
    }
    if (name === null || object.type === "Super") return UNKNOWN;
    const receiver = this.valueOf(object);
    if (name === "toString" && call.arguments.length === 0) return toText(receiver);
    if (receiver.kind !== "text" && receiver.kind !== "message") return UNKNOWN;
    const text = toText(receiver);
    if (name === "slice" || name === "substring" || name === "substr") return sliceValue(text, name, first, second, call.arguments.length);
    if (TRIM_METHODS.has(name)) return text.exact === null ? { ...text, min: 0 } : exactText(text.exact[name as "trim"](), true);
    if (RESHAPING_METHODS.has(name) && text.traced === Infinity) return { ...text, min: 0, exact: null };
    return UNKNOWN;
  }
}

/**
 * `text.slice(start, end)`, `.substring(start, end)`, `.substr(start, length)`
 * with non-negative integer literals: a UTF-16 code unit is at most 3 UTF-8
 * bytes, so `n` code units are at most `3 × n` bytes. Any other arguments may
 * be a correct clamp the rule cannot read: unknown.
 */
function sliceValue(
  text: TextValue,
  method: "slice" | "substring" | "substr",
  first: TSESTree.CallExpressionArgument | undefined,
  second: TSESTree.CallExpressionArgument | undefined,
  argumentCount: number,
): Value {
  const start = argumentCount === 0 ? 0 : integerLiteral(first);
  if (start === null || argumentCount > 2) return UNKNOWN;
  const end = argumentCount === 2 ? integerLiteral(second) : undefined;
  if (end === null) return UNKNOWN;
  if (text.exact !== null) return exactText(end === undefined ? text.exact[method](start) : text.exact[method](start, end), true);
  // `substring` swaps its arguments when `end < start`.
  const length = end === undefined ? null : method === "substr" ? end : Math.abs(end - start);
  if (length === null) return { ...text, min: 0 };
  return { ...text, min: 0, traced: Math.min(text.traced, 3 * length), cut: text.origin ? length : null, isString: true };
}

/**
 * True when a variable holds one value for its whole life: `isNeverReassigned`
 * (a parameter never assigned, a variable written only by its initializer), a
 * `catch` binding never assigned, or the `const` of a `for (const x of …)` loop.
 */
export function holdsOneValue(variable: VariableLike): boolean {
  if (isNeverReassigned(variable)) return true;
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || !def) return false;
  if (def.type === "CatchClause") return !variable.references.some((reference) => reference.isWrite());
  const declaration = def.parent as TSESTree.Node | undefined;
  return def.type === "Variable" && declaration?.type === "VariableDeclaration" && declaration.kind === "const" && declaration.parent?.type === "ForOfStatement";
}

/** A function's runtime parameters: a TypeScript `this` parameter is left out. */
export function runtimeParams(fn: FunctionNode): TSESTree.Parameter[] {
  const first = fn.params[0];
  return first?.type === "Identifier" && first.name === "this" ? fn.params.slice(1) : fn.params;
}
