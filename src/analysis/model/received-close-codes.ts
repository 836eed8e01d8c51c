/**
 * Which expressions hold a close code the runtime delivered: the `code` of a
 * close handler's event (`event.code`, or `{ code }` destructured from it), the
 * `code` parameter of a Durable Object's `webSocketClose(ws, code, …)`, and any
 * never-reassigned variable initialised from one of them. A never-reassigned
 * variable initialised with a ternary (or a fallback) that maps the received code
 * (`const code = e.code === 1005 || e.code === 1006 ? 1000 : e.code`) is a
 * *mapped* code: it depends on the received code, and its value for each
 * reserved code is read from its initializer (see `mappedInit`).
 *
 * Such a code can be 1005 (the peer closed without a status code), 1006 (the
 * connection dropped without a Close frame) or 1015 (the TLS handshake failed),
 * and `close()` throws `InvalidAccessError` for each of them, on every
 * compatibility date (docs/runtime-behaviour.md#a-close-without-a-status-arrives-as-1005, docs/runtime-behaviour.md#a-dropped-connection-arrives-as-1006, docs/runtime-behaviour.md#reserved-close-codes-throw; workerd
 * `src/workerd/api/web-socket.c++`, close-code validation).
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "../ast/ast-traversal.js";
import type { DurableObjectClass } from "./durable-object-model.js";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { unwrapExpression } from "../ast/expressions.js";
import { isNeverReassigned, type ScopeIndex, type VariableLike } from "../ast/scope-lookup.js";
import type { SocketBinding } from "./socket-model.js";
import { pathConditions, RECEIVABLE_RESERVED_CODES, ReservedCodeGuards } from "./reserved-code-guards.js";
import { allCallsOf, paramIdentifier, runtimeParams as helperParams, type FunctionNode } from "./same-file-functions.js";

/** Where a received close code comes from: a close handler's event, or `webSocketClose`'s `code` parameter. */
export interface ReceivedCodeSource {
  kind: "close-event" | "web-socket-close";
  /** The handler that receives the code. */
  handler: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
}

/** Aliases of aliases (`const a = event.code; const b = a;`) are followed this many levels deep. */
const MAX_ALIAS_PASSES = 8;

/** The initializer of a mapped code variable: a ternary, or a fallback (`code || 1000`). */
type MappedInit = TSESTree.ConditionalExpression | TSESTree.LogicalExpression;

/** The function `node` runs in: its nearest enclosing function. */
function enclosingFunction(node: TSESTree.Node): FunctionNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "FunctionDeclaration" || current.type === "FunctionExpression" || current.type === "ArrowFunctionExpression") return current;
  }
  return null;
}

/** Strips the TypeScript wrappers `unwrapExpression` strips, and an optional chain (`event?.code`). */
export function unwrapValue(node: TSESTree.Node): TSESTree.Node {
  let current = unwrapExpression(node);
  while (current.type === "ChainExpression") current = unwrapExpression(current.expression);
  return current;
}

/** The runtime parameters of a function: a TypeScript `this` parameter is left out. */
function runtimeParams(fn: ReceivedCodeSource["handler"]): TSESTree.Parameter[] {
  const first = fn.params[0];
  return first?.type === "Identifier" && first.name === "this" ? fn.params.slice(1) : fn.params;
}

function patternPropertyName(property: TSESTree.Property): string | null {
  if (!property.computed && property.key.type === "Identifier") return property.key.name;
  if (property.key.type === "Literal" && typeof property.key.value === "string") return property.key.value;
  return null;
}

/** The identifier bound to the `code` property of an object pattern (`{ code }`, `{ code: c }`, `{ code = 1000 }`). */
function codeBindingOf(pattern: TSESTree.ObjectPattern): TSESTree.Identifier | null {
  for (const property of pattern.properties) {
    if (property.type !== "Property" || patternPropertyName(property) !== "code") continue;
    const value = property.value.type === "AssignmentPattern" ? property.value.left : property.value;
    return value.type === "Identifier" ? value : null;
  }
  return null;
}

/**
 * The received close codes of one file, answered through scope: an index from
 * variables to the source of the code they hold.
 */
export class ReceivedCloseCodes {
  /** Close events: `e.code` is a received code. */
  private readonly eventVariables = new Map<VariableLike, ReceivedCodeSource>();
  /** Variables holding a received code. */
  private readonly codeVariables = new Map<VariableLike, ReceivedCodeSource>();
  /** Variables holding a received code mapped by a ternary or a fallback, with their initializer. */
  private readonly mappedVariables = new Map<VariableLike, { source: ReceivedCodeSource; init: MappedInit }>();

  /**
   * @param sockets the file's standard-API sockets (their close handlers' events carry codes).
   * @param durableObjects the file's Durable Object classes (their `webSocketClose` receives a code).
   */
  constructor(
    sockets: readonly SocketBinding[],
    durableObjects: readonly DurableObjectClass[],
    private readonly scope: ScopeIndex,
  ) {
    const sources = new Map<ReceivedCodeSource["handler"], ReceivedCodeSource>();
    for (const socket of sockets) {
      for (const handler of socket.closeHandlers) {
        const source = sources.get(handler.fn) ?? { kind: "close-event" as const, handler: handler.fn };
        sources.set(handler.fn, source);
        const event = runtimeParams(handler.fn)[0];
        if (event?.type === "Identifier") this.addStable(this.eventVariables, event, source);
        else if (event?.type === "ObjectPattern") {
          const code = codeBindingOf(event);
          if (code) this.addStable(this.codeVariables, code, source);
        }
      }
    }
    for (const durableObject of durableObjects) {
      const handler = durableObject.webSocketClose;
      if (handler?.codeParam) this.addStable(this.codeVariables, handler.codeParam, { kind: "web-socket-close", handler: handler.fn });
    }
    this.addAliases();
    this.addHelperParams();
    this.addMappedCodes();
  }

  /** The source whose close event `variable` holds (a close handler's event parameter), or `null`. */
  eventSource(variable: VariableLike): ReceivedCodeSource | null {
    return this.eventVariables.get(variable) ?? null;
  }

  /**
   * `const code = e.code === 1005 || e.code === 1006 ? 1000 : e.code` (docs/rules/no-reserved-close-code.md#guards-it-recognises, real code:
   * cloudflare/containers maps 1005 and 1006 this way and forgets 1015), `const c = code || 1000`:
   * a never-reassigned variable whose initializer is a ternary or a fallback on one received
   * code whose value the core can read for each reserved code (`ReservedCodeGuards.argumentValue`
   * is never `uncertain`: every test it meets is readable, or independent of the code).
   */
  private addMappedCodes(): void {
    for (const variable of this.scope.variables) {
      const def = variable.defs[0];
      if (def?.type !== "Variable" || this.codeVariables.has(variable) || this.eventVariables.has(variable)) continue;
      if (!isNeverReassigned(variable)) continue;
      const declarator = def.node as TSESTree.VariableDeclarator;
      const init = declarator.init ? unwrapValue(declarator.init) : null;
      if (declarator.id.type !== "Identifier" || (init?.type !== "ConditionalExpression" && init?.type !== "LogicalExpression")) continue;
      const sources = this.sourcesIn(init);
      if (sources.size !== 1) continue;
      const source = [...sources][0]!;
      const guards = new ReservedCodeGuards(this, source, this.scope);
      if (RECEIVABLE_RESERVED_CODES.some((code) => guards.argumentValue(init, code) === "uncertain")) continue;
      this.mappedVariables.set(variable, { source, init });
    }
  }

  /**
   * The initializer a mapped code variable (see `addMappedCodes`) holds, when `node` reads one of
   * `source`; `null` otherwise. With `readableAt`, only when each received code or event the
   * initializer reads means the same binding where `node` is (the same function as the declaration,
   * which declares nothing else of that name), so a guard at `node` can repeat its text.
   */
  mappedInit(node: TSESTree.Node, source: ReceivedCodeSource, readableAt = false): MappedInit | null {
    const value = unwrapValue(node);
    if (value.type !== "Identifier") return null;
    const variable = this.scope.resolve(value);
    const mapped = variable ? this.mappedVariables.get(variable) : undefined;
    if (!variable || !mapped || mapped.source !== source) return null;
    if (!readableAt) return mapped.init;
    const fn = enclosingFunction(mapped.init);
    if (!fn || enclosingFunction(value) !== fn) return null;
    let readable = true;
    walkAst(mapped.init, (child) => {
      if (child.type !== "Identifier" || !readable) return readable;
      const read = this.scope.resolve(child);
      if (!read || (!this.codeVariables.has(read) && !this.eventVariables.has(read))) return true;
      readable = !this.scope.variables.some(
        (other) =>
          other !== read &&
          other.name === read.name &&
          other.identifiers.some((id) => {
            const range = (id as TSESTree.Node).range;
            return range[0] >= fn.range[0] && range[1] <= fn.range[1];
          }),
      );
      return readable;
    });
    return readable ? mapped.init : null;
  }

  /**
   * A parameter of a helper of this file whose every call passes a close event
   * (`forwardClose(target, event)`) or a received code (`forward(ws, event.code)`)
   * of one source, with no test on the way to the call that depends on the code:
   * the helper receives that event or code (issue 10, recall 2). Its own source
   * (the helper), so only the helper's own guards are read around a `close()` in it.
   * A helper that may run from elsewhere (exported, passed as a value) receives nothing.
   */
  private addHelperParams(): void {
    for (let pass = 0; pass < MAX_ALIAS_PASSES; pass++) {
      let added = false;
      for (const variable of this.scope.variables) {
        const def = variable.defs[0];
        if (def?.type !== "Parameter" || this.codeVariables.has(variable) || this.eventVariables.has(variable)) continue;
        if (variable.defs.length !== 1 || !isNeverReassigned(variable)) continue;
        const fn = def.node as FunctionNode;
        const index = helperParams(fn).findIndex((param) => paramIdentifier(param) === def.name);
        const calls = index === -1 ? null : allCallsOf(fn, this.scope);
        if (!calls || calls.length === 0) continue;
        let kind: "event" | "code" | null = null;
        let sourceKind: ReceivedCodeSource["kind"] | null = null;
        const passes = calls.every((call) => {
          const spreadAt = call.arguments.findIndex((arg) => arg.type === "SpreadElement");
          const argument = spreadAt === -1 || index < spreadAt ? call.arguments[index] : undefined;
          if (!argument || argument.type === "SpreadElement") return false;
          const value = unwrapValue(argument);
          const event = value.type === "Identifier" ? this.eventSourceOf(value) : null;
          const code = event ? null : this.sourceOf(value);
          const source = event ?? code;
          const passed = event ? "event" : code ? "code" : null;
          if (!source || !passed || (kind !== null && kind !== passed) || (sourceKind !== null && sourceKind !== source.kind)) return false;
          kind = passed;
          sourceKind = source.kind;
          // A test on the code on the way to the call (`if (event.code !== 1005) forward(ws, event)`) guards it there.
          const guards = new ReservedCodeGuards(this, source, this.scope);
          const conditions = pathConditions(call);
          return RECEIVABLE_RESERVED_CODES.every((reserved) => guards.reachability(conditions, reserved) === "reached");
        });
        if (!passes || kind === null || sourceKind === null) continue;
        const source: ReceivedCodeSource = { kind: sourceKind, handler: fn };
        (kind === "event" ? this.eventVariables : this.codeVariables).set(variable, source);
        added = true;
      }
      if (!added) return;
    }
  }

  private addStable(map: Map<VariableLike, ReceivedCodeSource>, identifier: TSESTree.Identifier, source: ReceivedCodeSource): boolean {
    const variable = this.scope.resolve(identifier);
    if (!variable || map.has(variable) || !isNeverReassigned(variable)) return false;
    map.set(variable, source);
    return true;
  }

  /** `const c = event.code`, `const { code } = event`, `const e2 = event`, followed to a fixed point. */
  private addAliases(): void {
    for (let pass = 0; pass < MAX_ALIAS_PASSES; pass++) {
      let added = false;
      for (const variable of this.scope.variables) {
        const def = variable.defs[0];
        if (def?.type !== "Variable" || this.codeVariables.has(variable) || this.eventVariables.has(variable)) continue;
        const declarator = def.node as TSESTree.VariableDeclarator;
        if (!declarator.init) continue;
        const init = unwrapValue(declarator.init);
        if (declarator.id.type === "Identifier") {
          const code = this.sourceOf(init);
          const event = init.type === "Identifier" ? this.eventSourceOf(init) : null;
          if (code) added = this.addStable(this.codeVariables, declarator.id, code) || added;
          else if (event) added = this.addStable(this.eventVariables, declarator.id, event) || added;
        } else if (declarator.id.type === "ObjectPattern" && init.type === "Identifier") {
          const event = this.eventSourceOf(init);
          const code = codeBindingOf(declarator.id);
          if (event && code) added = this.addStable(this.codeVariables, code, event) || added;
        }
      }
      if (!added) return;
    }
  }

  private eventSourceOf(identifier: TSESTree.Identifier): ReceivedCodeSource | null {
    const variable = this.scope.resolve(identifier);
    return variable ? (this.eventVariables.get(variable) ?? null) : null;
  }

  /** True when the file has no received close code: no close handler event, no `webSocketClose` code. */
  get isEmpty(): boolean {
    return this.eventVariables.size === 0 && this.codeVariables.size === 0;
  }

  /**
   * The source of the received code `node` evaluates to: a code variable, or
   * `.code` of a close event (TypeScript wrappers and `?.` allowed); `null` otherwise.
   */
  sourceOf(node: TSESTree.Node): ReceivedCodeSource | null {
    const value = unwrapValue(node);
    if (value.type === "Identifier") {
      const variable = this.scope.resolve(value);
      return variable ? (this.codeVariables.get(variable) ?? null) : null;
    }
    if (value.type === "MemberExpression" && getPropertyName(value) === "code") {
      const object = unwrapValue(value.object);
      return object.type === "Identifier" ? this.eventSourceOf(object) : null;
    }
    return null;
  }

  /**
   * The sources `node` depends on: each received code read in it, and each close
   * event used other than by reading one of its other fields (`isReserved(event)`
   * depends on the code; `event.wasClean` does not). Nested functions included.
   */
  sourcesIn(node: TSESTree.Node): Set<ReceivedCodeSource> {
    const found = new Set<ReceivedCodeSource>();
    walkAst(node, (child) => {
      if (child.type !== "Identifier") return true;
      const variable = this.scope.resolve(child);
      if (!variable) return true;
      const code = this.codeVariables.get(variable);
      if (code) found.add(code);
      const mapped = this.mappedVariables.get(variable);
      if (mapped) found.add(mapped.source);
      const event = this.eventVariables.get(variable);
      if (event) {
        const parent = child.parent;
        const readsOtherField =
          parent?.type === "MemberExpression" && parent.object === child && !["code", null].includes(getPropertyName(parent));
        if (!readsOtherField) found.add(event);
      }
      return true;
    });
    return found;
  }

  /** True when `node` depends on the code of `source` (see `sourcesIn`). */
  dependsOn(node: TSESTree.Node, source: ReceivedCodeSource): boolean {
    return this.sourcesIn(node).has(source);
  }
}
