/**
 * The model of a file's standard-API WebSockets that every rule asks about.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { VariableLike } from "../ast/scope-lookup.js";

/**
 * Where a socket binding comes from (docs/rules/no-redundant-close.md#what-it-reports, "standard-API socket"):
 * - `websocket-pair`: an end of `new WebSocketPair()`;
 * - `fetch-response`: `.webSocket` of a `fetch()` response;
 * - `parameter`: a function parameter (the `handleSession(websocket)` shape);
 * - `other`: any other binding on which `accept()` is called;
 * - `hono-upgrade`: the `ws` of Hono's `upgradeWebSocket` `onClose(event, ws)`; Hono calls
 *   `accept()` itself, without options, so the socket is never half-open (docs/runtime-behaviour.md#hono-accepts-the-socket-itself);
 * - `new-websocket`: `new WebSocket(url)`, an outgoing socket that needs no `accept()` and can
 *   never be half-open (docs/runtime-behaviour.md#a-new-websocket-can-never-be-half-open); never reported as redundant (browser code looks the same).
 */
export type SocketOrigin = "websocket-pair" | "fetch-response" | "parameter" | "other" | "hono-upgrade" | "new-websocket";

/**
 * Whether a socket is half-open (`accept({ allowHalfOpen: true })`): with it the
 * runtime does not auto-reply, and the code must complete the close (docs/runtime-behaviour.md#half-open-sockets-are-never-answered-by-the-runtime).
 * `unknown` when the options are not a literal the core can read.
 */
export type HalfOpenState = "yes" | "no" | "unknown";

/** One `sock.accept(...)` call. */
export interface AcceptCall {
  call: TSESTree.CallExpression;
  /** `none` for `accept()`, `literal` for an object literal, `other` for anything else. */
  optionsKind: "none" | "literal" | "other";
  halfOpen: HalfOpenState;
  /**
   * True for a literal `allowHalfOpen: false`: measured in workerd, the runtime then
   * replies to Close frames on every compatibility date, not only from 2026-04-07
   * (the date only sets the option's default; `test/runtime/runtime-facts.test.ts`, row 5 explicit false).
   */
  autoReplyOnEveryDate: boolean;
}

/** How a close handler was attached. */
export type CloseHandlerRegistration = "addEventListener" | "onclose" | "hono-onClose";

/** A function that runs when its socket receives a Close frame. */
export interface CloseHandler {
  registration: CloseHandlerRegistration;
  /** The node that attaches the handler (the `addEventListener` call or the `onclose` assignment). */
  attachedAt: TSESTree.Node;
  fn: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
  /**
   * True when `fn` runs only as a close handler of this socket: it is inline, or
   * a function of this file used nowhere but in close-handler registrations on
   * this same socket. A shared handler (`closeBoth` on both legs of a proxy, or
   * one function for `close` and `error`) also runs while the socket is open.
   */
  exclusive: boolean;
  /**
   * True when `fn` runs only for this socket, as its close handler and as its
   * `error` handler (`ws.addEventListener("error", end)`): not exclusive, since on
   * `error` the socket may still be open and the event carries no `code`, but
   * a reply added in a listener of its own for `close` would be safe.
   */
  alsoOnError?: boolean;
}

/** Whom a `close()` call inside a close handler targets. */
export type CloseTarget = { kind: "self" } | { kind: "other"; variable: VariableLike };

/**
 * How a `close()` call's arguments relate to the close event:
 * `none` (no arguments: an empty Close frame), `echo` (the event's own code,
 * optionally with its reason), or `custom`.
 */
export type CloseArguments = "none" | "echo" | "custom";

/**
 * Where a close call of a handler sits:
 * - `direct`: in the handler's own body;
 * - `callback`: in a function the handler passes to `setTimeout` or `queueMicrotask`
 *   (`setTimeout(() => ws.close(e.code, e.reason))`), which runs later;
 * - `helper`: in a function of the same file the handler calls (`forwardClose(target, e)`,
 *   `this.closeBoth(ws)`), the target read through the call's argument or the helper's closure.
 */
export type CloseCallSite = "direct" | "callback" | "helper";

/** A `x.close(...)` call that runs in a close handler and whose target the core resolved. */
export interface HandlerCloseCall {
  call: TSESTree.CallExpression;
  target: CloseTarget;
  args: CloseArguments;
  /** `direct` unless the call sits in a callback or a helper; only a `direct` call may be edited as the handler's own. */
  site: CloseCallSite;
  /** The functions from the handler to the one the call sits in, the handler first (a `readyState` check in any of them guards it). */
  path: ReadonlyArray<TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression>;
}

/** A binding proven to be a Workers standard-API socket, with what the file does with it. */
export interface SocketBinding {
  variable: VariableLike;
  name: string;
  origin: SocketOrigin;
  /**
   * The `accept()` calls on the binding; empty for `hono-upgrade` sockets, which the framework accepts.
   * For a parameter that every caller of its function gives an accepted socket (`server.accept(); attach(server)`),
   * the callers' `accept()` calls (see `acceptedInCaller`).
   */
  acceptCalls: AcceptCall[];
  /** True when `acceptCalls` are the callers' (the socket is accepted in another function of the file and handed here). */
  acceptedInCaller?: boolean;
  /** Combined over every `accept()` call: `yes` if any makes it half-open, `unknown` if any cannot be read. */
  halfOpen: HalfOpenState;
  closeHandlers: Array<CloseHandler & { closeCalls: HandlerCloseCall[] }>;
  /** `other.send(…)` calls that run in this socket's `message` handlers: messages forwarded to `other`. */
  messageForwards: MessageForward[];
}

/** A `send()` on another socket inside a socket's `message` handler. */
export interface MessageForward {
  call: TSESTree.CallExpression;
  /** The socket variable the message is sent to. */
  to: VariableLike;
}
