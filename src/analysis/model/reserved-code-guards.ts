/**
 * Whether a `close(code, …)` that passes a received close code can be reached
 * with 1005, 1006 or 1015 in it, given the guards around it. Real Workers code
 * maps the reserved codes away with a ternary, a `Set`, or an early return, and
 * some maps forget 1006 or 1015 (docs/rules/no-reserved-close-code.md#guards-it-recognises).
 *
 * Each guard is evaluated for each reserved code with three-valued logic: a
 * test the core cannot read is `unknown`. A test that is `unknown` and depends
 * on the code (`isValidCode(code)`) makes the answer for that code uncertain, so
 * the rule stays silent about it; a test that does not depend on it
 * (`ws.readyState === WebSocket.OPEN`) guards nothing. `try`/`catch` guards
 * nothing either: a caught throw still leaves the peer unanswered (docs/runtime-behaviour.md#a-close-without-a-status-arrives-as-1005).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { unwrapExpression } from "../ast/expressions.js";
import type { ReceivedCloseCodes, ReceivedCodeSource } from "./received-close-codes.js";
import type { ScopeIndex } from "../ast/scope-lookup.js";

/** The reserved codes a close event or `webSocketClose` can deliver (docs/runtime-behaviour.md#a-close-without-a-status-arrives-as-1005, docs/runtime-behaviour.md#a-dropped-connection-arrives-as-1006). */
export const RECEIVABLE_RESERVED_CODES = [1005, 1006, 1015] as const;

/** One of `RECEIVABLE_RESERVED_CODES`. */
export type ReceivableReservedCode = (typeof RECEIVABLE_RESERVED_CODES)[number];

type Truth = boolean | "unknown";

/**
 * What a `close()` does when the received code is one reserved code:
 * - `throws`: the call is reached and its code argument is that code;
 * - `may-throw`: the call may be reached with it, depending on something other than the code;
 * - `safe`: a guard excludes it, or the argument is then something else;
 * - `uncertain`: a guard depends on the code in a way the core cannot read.
 */
export type ReservedCodeOutcome = "throws" | "may-throw" | "safe" | "uncertain";

/** A condition that holds where a node runs: `test` evaluated to `holds`, or an opaque `switch` on `test`. */
interface PathCondition {
  test: TSESTree.Node;
  holds: boolean | "opaque";
}

const STATEMENT_LISTS = new Set(["BlockStatement", "Program", "StaticBlock", "SwitchCase"]);

/** The numeric value of `1005`, `-1` or `+1000`; `null` for anything else. */
export function numericLiteralValue(node: TSESTree.Node): number | null {
  const value = unwrapExpression(node);
  if (value.type === "Literal" && typeof value.value === "number") return value.value;
  if (value.type === "UnaryExpression" && (value.operator === "-" || value.operator === "+")) {
    const inner = numericLiteralValue(value.argument);
    if (inner === null) return null;
    return value.operator === "-" ? -inner : inner;
  }
  return null;
}

function compare(left: number, operator: string, right: number): Truth {
  switch (operator) {
    case "===":
    case "==":
      return left === right;
    case "!==":
    case "!=":
      return left !== right;
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case ">":
      return left > right;
    case ">=":
      return left >= right;
    default:
      return "unknown";
  }
}

function numbersOf(array: TSESTree.ArrayExpression): Set<number> | null {
  const values = new Set<number>();
  for (const element of array.elements) {
    const value = element && element.type !== "SpreadElement" ? numericLiteralValue(element) : null;
    if (value === null) return null;
    values.add(value);
  }
  return values;
}

/** Methods that change a `Set` or an array in place. */
const MUTATING_METHODS = new Set(["add", "delete", "clear", "push", "pop", "shift", "unshift", "splice", "fill", "sort", "reverse", "copyWithin"]);

/**
 * The numbers a collection literal holds: `[1005, 1006, 1015]`, or a
 * never-reassigned binding initialised with that literal or with
 * `new Set([…])` (the global `Set`) and never changed in place in this file.
 */
function literalCollection(node: TSESTree.Node, scope: ScopeIndex): Set<number> | null {
  const value = unwrapExpression(node);
  if (value.type === "ArrayExpression") return numbersOf(value);
  if (value.type !== "Identifier") return null;
  const variable = scope.resolveStable(value);
  const def = variable?.defs[0];
  if (!variable || def?.type !== "Variable") return null;
  const changed = variable.references.some((reference) => {
    const parent = (reference.identifier as TSESTree.Node).parent;
    return parent?.type === "MemberExpression" && MUTATING_METHODS.has(getPropertyName(parent) ?? "");
  });
  const init = (def.node as TSESTree.VariableDeclarator).init;
  if (changed || !init) return null;
  const initial = unwrapExpression(init);
  if (initial.type === "ArrayExpression") return numbersOf(initial);
  if (initial.type !== "NewExpression" || initial.callee.type !== "Identifier" || initial.callee.name !== "Set") return null;
  // The global `Set`: typescript-eslint resolves it to an implicit lib variable without definitions.
  if ((scope.resolve(initial.callee)?.defs.length ?? 0) > 0) return null;
  const items = initial.arguments[0];
  if (!items) return initial.arguments.length === 0 ? new Set() : null;
  const list = unwrapExpression(items);
  return list.type === "ArrayExpression" ? numbersOf(list) : null;
}

/** Evaluates guards and arguments for one received-code source, one reserved code at a time. */
export class ReservedCodeGuards {
  constructor(
    private readonly codes: ReceivedCloseCodes,
    private readonly source: ReceivedCodeSource,
    private readonly scope: ScopeIndex,
  ) {}

  private isCode(node: TSESTree.Node): boolean {
    return this.codes.sourceOf(node) === this.source;
  }

  /** The value of `test` when the received code is `code`. */
  evaluateTest(test: TSESTree.Node, code: number): Truth {
    const node = unwrapExpression(test);
    switch (node.type) {
      case "Literal":
        return typeof node.value === "boolean" ? node.value : "unknown";
      case "UnaryExpression": {
        if (node.operator !== "!") return "unknown";
        const inner = this.evaluateTest(node.argument, code);
        return inner === "unknown" ? "unknown" : !inner;
      }
      case "LogicalExpression": {
        if (node.operator === "??") return "unknown";
        const left = this.evaluateTest(node.left, code);
        const right = this.evaluateTest(node.right, code);
        if (node.operator === "&&") {
          if (left === false || right === false) return false;
          return left === true && right === true ? true : "unknown";
        }
        if (left === true || right === true) return true;
        return left === false && right === false ? false : "unknown";
      }
      case "BinaryExpression": {
        if (node.left.type === "PrivateIdentifier") return "unknown";
        const leftNumber = numericLiteralValue(node.left);
        const rightNumber = numericLiteralValue(node.right);
        if (this.isCode(node.left) && rightNumber !== null) return compare(code, node.operator, rightNumber);
        if (this.isCode(node.right) && leftNumber !== null) return compare(leftNumber, node.operator, code);
        return "unknown";
      }
      case "CallExpression": {
        const callee = unwrapExpression(node.callee);
        const argument = node.arguments[0];
        if (callee.type !== "MemberExpression" || node.arguments.length !== 1 || !argument || !this.isCode(argument)) return "unknown";
        const method = getPropertyName(callee);
        if (method !== "has" && method !== "includes") return "unknown";
        const members = literalCollection(callee.object, this.scope);
        return members ? members.has(code) : "unknown";
      }
      default:
        return "unknown";
    }
  }

  /**
   * The value `argument` (a `close()` code argument) has when the received code is `code`:
   * `code` (the received code itself), `other` (something that does not depend on it),
   * `mixed` (either, on a condition that does not depend on it), or `uncertain`.
   */
  argumentValue(argument: TSESTree.Node, code: number): "code" | "other" | "mixed" | "uncertain" {
    if (this.isCode(argument)) return "code";
    if (!this.codes.dependsOn(argument, this.source)) return "other";
    // A `const` holding a mapped code (`const c = code === 1005 ? 1000 : code`): the value its initializer gives.
    const mapped = this.codes.mappedInit(argument, this.source);
    if (mapped) return this.argumentValue(mapped, code);
    const node = unwrapExpression(argument);
    // `code || 1000`, `code ?? 1000`: every receivable reserved code is a non-zero number, so the
    // fallback never applies and the argument is the code; `code && x` is then `x`.
    if (node.type === "LogicalExpression" && this.isCode(node.left)) {
      return node.operator === "&&" ? this.argumentValue(node.right, code) : "code";
    }
    if (node.type !== "ConditionalExpression") return "uncertain";
    const test = this.evaluateTest(node.test, code);
    if (test === true) return this.argumentValue(node.consequent, code);
    if (test === false) return this.argumentValue(node.alternate, code);
    if (this.codes.dependsOn(node.test, this.source)) return "uncertain";
    const consequent = this.argumentValue(node.consequent, code);
    const alternate = this.argumentValue(node.alternate, code);
    if (consequent === "uncertain" || alternate === "uncertain") return "uncertain";
    return consequent === alternate ? consequent : "mixed";
  }

  /** `safe` when a condition on the way to `node` excludes `code`, `uncertain` when one may, else `reached`. */
  reachability(conditions: readonly PathCondition[], code: number): "safe" | "uncertain" | "reached" {
    let uncertain = false;
    for (const condition of conditions) {
      const depends = this.codes.dependsOn(condition.test, this.source);
      if (condition.holds === "opaque") {
        uncertain ||= depends;
        continue;
      }
      const value = this.evaluateTest(condition.test, code);
      if (value !== "unknown" && value !== condition.holds) return "safe";
      if (value === "unknown") uncertain ||= depends;
    }
    return uncertain ? "uncertain" : "reached";
  }

  /** What `call` (a `close(argument, …)`) does for each reserved code the runtime can deliver. */
  outcomes(call: TSESTree.CallExpression, argument: TSESTree.Node): Map<ReceivableReservedCode, ReservedCodeOutcome> {
    const conditions = pathConditions(call);
    const result = new Map<ReceivableReservedCode, ReservedCodeOutcome>();
    for (const code of RECEIVABLE_RESERVED_CODES) {
      const reached = this.reachability(conditions, code);
      const value = this.argumentValue(argument, code);
      if (reached === "safe" || value === "other") result.set(code, "safe");
      else if (reached === "uncertain" || value === "uncertain") result.set(code, "uncertain");
      else result.set(code, value === "code" ? "throws" : "may-throw");
    }
    return result;
  }
}

/** True when a statement never completes normally: it ends in `return`, `throw`, `break` or `continue`. */
function alwaysExits(statement: TSESTree.Statement | null | undefined): boolean {
  if (!statement) return false;
  switch (statement.type) {
    case "ReturnStatement":
    case "ThrowStatement":
    case "BreakStatement":
    case "ContinueStatement":
      return true;
    case "BlockStatement":
      return alwaysExits(statement.body[statement.body.length - 1]);
    case "IfStatement":
      return alwaysExits(statement.consequent) && alwaysExits(statement.alternate);
    default:
      return false;
  }
}

function statementsOf(list: TSESTree.Node): readonly TSESTree.Node[] {
  if (list.type === "SwitchCase") return list.consequent;
  if (list.type === "BlockStatement" || list.type === "Program" || list.type === "StaticBlock") return list.body;
  return [];
}

/**
 * The conditions that hold wherever `node` runs: the tests of the `if`s,
 * ternaries and `&&`/`||` it sits in, and of the early exits before it
 * (`if (code === 1005) return;`). Received codes never change, so the walk goes
 * on through function expressions (a callback created under a guard runs under
 * it); it stops at a function declaration, which may be called from anywhere.
 */
export function pathConditions(node: TSESTree.Node): PathCondition[] {
  const conditions: PathCondition[] = [];
  let child: TSESTree.Node = node;
  let parent = node.parent;
  while (parent) {
    if (parent.type === "IfStatement" || parent.type === "ConditionalExpression") {
      if (child === parent.consequent) conditions.push({ test: parent.test, holds: true });
      else if (child === parent.alternate) conditions.push({ test: parent.test, holds: false });
    } else if (parent.type === "LogicalExpression" && child === parent.right && parent.operator !== "??") {
      conditions.push({ test: parent.left, holds: parent.operator === "&&" });
    } else if (parent.type === "SwitchCase" && parent.test !== child && parent.parent?.type === "SwitchStatement") {
      // Cases fall through, so which `case` tests held is not read: a switch that depends on the code makes it uncertain.
      const switchStatement = parent.parent;
      conditions.push({ test: switchStatement.discriminant, holds: "opaque" });
      for (const switchCase of switchStatement.cases) if (switchCase.test) conditions.push({ test: switchCase.test, holds: "opaque" });
    }
    if (STATEMENT_LISTS.has(parent.type)) {
      const siblings = statementsOf(parent);
      for (const sibling of siblings.slice(0, Math.max(0, siblings.indexOf(child)))) {
        if (sibling.type !== "IfStatement") continue;
        const consequentExits = alwaysExits(sibling.consequent);
        const alternateExits = alwaysExits(sibling.alternate);
        if (consequentExits && !alternateExits) conditions.push({ test: sibling.test, holds: false });
        if (alternateExits && !consequentExits) conditions.push({ test: sibling.test, holds: true });
      }
    }
    if (parent.type === "FunctionDeclaration") break;
    child = parent;
    parent = parent.parent;
  }
  return conditions;
}
