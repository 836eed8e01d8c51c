/**
 * What the core is told about other modules (issue 11, DESIGN "Across modules"):
 * plain data, computed by a cross-module view (`src/modules/`, ts-morph for the
 * CLI, the linted program for typed ESLint) and handed to `analyzeFile`. The core
 * never resolves an import itself; without facts every question is "unknown" and
 * the rules stay as silent as they are on one file.
 *
 * Facts are keyed by text, not offsets, so they hold through the fix loop's
 * passes (`rewrite-source.ts`): a call's callee as written, whitespace removed,
 * and, for a callee on `this` or `super`, the name of the class it is written in
 * (`calleeKey`); a class's `extends` expression the same way (`baseKey`). A key
 * that names two declarations in one file is left out by the view.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { ChainEnd } from "../model/class-chain.js";

/** `closesSocket`'s three answers, as data: `yes` (a path closes it), `no` (none can), `unknown`. */
export type ClosingAnswer = "yes" | "no" | "unknown";

/** What another module's function does with the socket given at one parameter. */
export interface ParameterFacts {
  /** Whether the function may close the parameter anywhere, its close listeners included (`closesSocket`). */
  closes: ClosingAnswer;
  /** For each close listener the function attaches to the parameter, whether it closes the parameter. */
  closeListeners: ClosingAnswer[];
  /**
   * True when every use of the parameter keeps it in sight (`staysInSight`, its own close listeners
   * counted as handlers): it is not stored where other code reads it nor handed to code not followed.
   */
  inSight: boolean;
  /**
   * When the parameter is a callback the function only calls (`callbackArguments`): what every call
   * passes at each position of the callback's parameters, when they agree (`error`: an `Error`, whose
   * `stack` and `message` are unbounded text; `message`: a received message).
   */
  callbackArguments?: CallbackArgumentKind[];
  /**
   * The parameter is a close code the function passes straight to `close()` on another of its parameters:
   * `value` (`ws.close(code, …)`) or `event` (`ws.close(event.code, event.reason)`), read nowhere else, in
   * the function's own body, under no condition. `target` is the index of the parameter it closes.
   */
  closeCode?: {
    kind: "value" | "event";
    target: number;
    /**
     * True when the declaring module is analysed in the same run, which is told of the calls that bring it a
     * received code (`CrossModuleFacts.incoming`) and reports them at its `close()`, where the guard goes.
     */
    reportedThere?: boolean;
  };
}

/** What a callback receives at one position, as far as a close reason is concerned. */
export type CallbackArgumentKind = "error" | "message" | "unknown";

/** A function or method declared in another module, as far as a call with a socket argument needs it. */
export interface FunctionFacts {
  kind: "function";
  /** The name the declaration gives it (`handleSession`, `SessionManager.remove`). */
  name: string;
  /** The declaring file, relative to the run's directory, `/`-separated (for messages). */
  file: string;
  /** One entry per runtime parameter, in order; `null` for a parameter the core cannot bind (a pattern, a rest). */
  params: (ParameterFacts | null)[];
  /**
   * True when the function calls a method named `close` anywhere (`containsCloseCall`). A close handler of
   * another module (`ws.addEventListener("close", onClose)`) that does not can never reply.
   */
  closesAnything: boolean;
  /**
   * What every `return` of the function gives, when it is a Workers socket the caller can take as its
   * own: `websocket-pair-ends` (an array of `WebSocketPair` ends, `return [client, server]`, or
   * `Object.values(pair)`), `response-websocket` (a `fetch()` response's `.webSocket`).
   */
  returns?: "websocket-pair-ends" | "response-websocket";
}

/** A class declared in another module, with its own chain of bases, as a subclass needs it. */
export interface ClassFacts {
  kind: "class";
  name: string;
  /** The declaring file, relative to the run's directory, `/`-separated. */
  file: string;
  /** The nearest `webSocketClose` method up the chain (this class first), and whether it closes its socket. */
  webSocketClose: { closes: ClosingAnswer; className: string; file: string } | null;
  /** A member of the chain may define `webSocketClose` in a form the core cannot read (a computed name, a decorator…). */
  mayDefineWebSocketClose: boolean;
  /** Some class of the chain, or its file, calls `close()` outside `webSocketClose`: a socket may be closed elsewhere. */
  closesElsewhere: boolean;
  /** Some class of the chain calls `acceptWebSocket(…)`. */
  acceptsHibernatable: boolean;
  /** Where the chain ends beyond the classes the view followed (`class-chain.ts`). */
  end: ChainEnd;
  /** For `end: "framework"`: the module and the name imported from it. */
  framework?: { source: string; imported: string };
  /** True when the class's own file proves it a Durable Object: findings on its own members are reported there. */
  durableObjectInItsFile: boolean;
  /**
   * Fields of the class (not `#private`, not `private`) that hold a collection it makes once and reads only
   * in ways that keep sockets in sight (`field-collections.ts`, rule 3), in a class whose `this` never
   * escapes: a subclass that is a runtime-made Durable Object may keep sockets there and keep them in sight.
   */
  inheritableCollections: string[];
}

/** A call in another module that brings a received close code to a parameter of a function of this file. */
export interface IncomingCode {
  /** The runtime parameter's index. */
  param: number;
  /** What the call passes: a code, or a close event (its `.code`). */
  kind: "value" | "event";
  /** The calling file, relative to the run's directory, `/`-separated, and the call's 1-based line. */
  file: string;
  line: number;
  /** Where the received code comes from there. */
  source: "close-event" | "web-socket-close";
  /** The reserved codes that reach the parameter unguarded from that call. */
  missing: Array<1005 | 1006 | 1015>;
}

/** Everything the view knows about the modules one file imports (and, in the CLI, the modules that call it). */
export interface CrossModuleFacts {
  /** By `calleeKey`: the declaration a call's callee names, in another module. */
  callees: Record<string, FunctionFacts>;
  /** By `baseKey`: the class a class's `extends` names, in another module. */
  bases: Record<string, ClassFacts>;
  /**
   * By `declarationName` (`handleClose`, `SocketHandler.onClose`): the calls of other modules that bring a
   * received code to a function of this file that passes it straight to `close()` (`close-code-params.ts`).
   * Only the CLI's view knows every caller of a run; typed ESLint gives none.
   */
  incoming?: Record<string, IncomingCode[]>;
}

/** No facts: every cross-module question is unknown (plain per-file analysis). */
export const NO_CROSS_MODULE_FACTS: CrossModuleFacts = Object.freeze({ callees: Object.freeze({}), bases: Object.freeze({}) });

/** True when the facts tell anything (a file with none is analysed as without a view). */
export function hasCrossModuleFacts(facts: CrossModuleFacts): boolean {
  return Object.keys(facts.callees).length > 0 || Object.keys(facts.bases).length > 0 || Object.keys(facts.incoming ?? {}).length > 0;
}

const WHITESPACE = /\s+/gu;

/** The nearest class a node is written in, by its name (`""` for an anonymous class or none). */
function enclosingClassName(node: TSESTree.Node): string {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "ClassDeclaration" || current.type === "ClassExpression") return current.id?.name ?? "";
  }
  return "";
}

/** The key of a callee's text, given the class it is written in (the view builds the same key from TypeScript's AST). */
export function keyOfCallee(calleeText: string, className: string): string {
  const compact = calleeText.replace(WHITESPACE, "");
  return /^(?:this|super)\b/u.test(compact) ? `${className}#${compact}` : compact;
}

/** The key of a call's callee (`handleSession`, `Room#this.sessions.remove`, `Room#super.webSocketClose`). */
export function calleeKey(callee: TSESTree.Node, text: string): string {
  return keyOfCallee(text.slice(callee.range[0], callee.range[1]), enclosingClassName(callee));
}

/** The key of an `extends` expression's text (`BaseRoom`). */
export function keyOfBase(superClassText: string): string {
  return superClassText.replace(WHITESPACE, "");
}

/** The key of a class's `extends` expression (`BaseRoom`, `mixins.Base`). */
export function baseKey(superClass: TSESTree.Node, text: string): string {
  return keyOfBase(text.slice(superClass.range[0], superClass.range[1]));
}

/**
 * The facts of one file, asked by node. Attached to the file's `ScopeIndex`
 * (`ScopeIndex.crossModule`) so every model function that follows a call can ask.
 */
export class CrossModuleLookup {
  /**
   * @param facts the view's facts for the file.
   * @param text the file's text the nodes asked about are ranges of.
   */
  constructor(
    private readonly facts: CrossModuleFacts,
    private readonly text: string,
  ) {}

  /** The other module's function an identifier names where it is used as a value (a close handler), or `null`. */
  handler(identifier: TSESTree.Identifier): FunctionFacts | null {
    return this.facts.callees[calleeKey(identifier, this.text)] ?? null;
  }

  /** The other module's function a call (or `new`) names, or `null` when unknown. */
  callee(call: TSESTree.CallExpression | TSESTree.NewExpression): FunctionFacts | null {
    return this.facts.callees[calleeKey(call.callee, this.text)] ?? null;
  }

  /** The facts of the parameter a call's argument binds, or `null` when unknown (a spread before it, no facts). */
  argumentFacts(call: TSESTree.CallExpression | TSESTree.NewExpression, argument: TSESTree.Node): { fn: FunctionFacts; param: ParameterFacts } | null {
    const fn = this.callee(call);
    if (!fn) return null;
    const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
    if (index < 0 || call.arguments.slice(0, index + 1).some((arg) => arg.type === "SpreadElement")) return null;
    const param = fn.params[index];
    return param ? { fn, param } : null;
  }

  /**
   * True when the call names a function of another module that may close a socket it is given (some
   * parameter's `closes` is not `no`): a close outside the code being judged, as a `close()` call is.
   */
  mayCloseArgument(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
    const fn = this.callee(call);
    return fn !== null && call.arguments.length > 0 && fn.params.some((param) => param === null || param.closes !== "no");
  }

  /** The calls of other modules that bring a received close code to the function named `name` of this file. */
  incoming(name: string): IncomingCode[] {
    return this.facts.incoming?.[name] ?? [];
  }

  /** The other module's class a class extends, or `null` when unknown. */
  base(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): ClassFacts | null {
    return node.superClass ? (this.facts.bases[baseKey(node.superClass, this.text)] ?? null) : null;
  }
}
