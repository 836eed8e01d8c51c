/**
 * Generators of close-handler programs for the property test of the rewrites
 * (`close-handler-programs.test.ts`, issue 14).
 *
 * A program is first a plain model (`ProgramSpec`, which fast-check builds and
 * shrinks), then text (`renderProgram`). While it renders, the text is
 * written in parts that are either fixed or editable: editable are exactly the
 * places a rewrite may touch (a close call's statement and its line, the inside
 * of a block whose only statement is that close call, a handler's parameter
 * list, the start of the line of a handler's closing brace where a reply is
 * appended, an empty handler body, an `accept(...)` call's arguments, and the
 * class body of a Durable Object without `webSocketClose`). Everything else (a
 * prefix and a suffix of unrelated code and comments, every other statement,
 * the comments on lines of their own) is fixed and must come out byte for byte.
 */
import fc from "fast-check";

/** The mode a program's temporary project gives it (docs/runtime-behaviour.md#the-compatibility-date-of-a-file). */
export type Mode = "auto" | "manual" | "mixed";

// ---------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------

export interface Style {
  eol: "\n" | "\r\n";
  /** Every statement ends with `;`, none does, or each statement decides (`Item.semi`). */
  semicolons: "always" | "never" | "mixed";
  indent: "  " | "    " | "\t";
  quote: '"' | "'";
}

/** `.ts` and `.tsx` get TypeScript annotations; every extension but `.ts` parses JSX (`parse-source.ts`). */
export type Extension = ".ts" | ".tsx" | ".js" | ".jsx" | ".mjs";

/** The arguments of a `close()` call, as the handler's event (or `webSocketClose`'s parameters) allows. */
export type CloseArgs = "echo" | "codeOnly" | "none" | "custom" | "code1000" | "reservedLiteral" | "mappedCode";

/**
 * Where the close call stands: a statement of the handler's body (`plain`), the
 * statement of a block (`if`, `readyState`, `try`), of a `switch` case, the body
 * of a brace-less `if` or `else`, inside `try { … } catch {}` written on one line,
 * or the operand of `void`, of `flag &&`, or of `return`.
 */
export type CloseWrap =
  | "plain"
  | "if"
  | "readyState"
  | "try"
  | "switchCase"
  | "ifNoBrace"
  | "elseNoBrace"
  | "tryInline"
  | "voidStatement"
  | "andStatement"
  | "returnStatement";

export interface CloseItem {
  kind: "close";
  /** `peer`: the other leg of a proxy (the pair's `client` outside proxies). */
  target: "self" | "peer";
  args: CloseArgs;
  wrap: CloseWrap;
  /** Statements before the close call in its block or case (`if`, `readyState`, `try`, `switchCase` only). */
  inBlock: SimpleItem[];
  /** `/* … *\/ sock.close()`: a block comment before the call, on its line. */
  leadingComment: boolean;
  /** `sock.close() // …` */
  trailingComment: boolean;
  /** `sock.close(/* … *\/ …)` */
  innerComment: boolean;
  /** `sock?.close()` */
  optionalCall: boolean;
  /** `(sock as WebSocket).close()` (`(sock).close()` in JavaScript): the statement starts with `(`. */
  parenthesized: boolean;
  /** `plain` only: another statement on the call's line, before it (`f(); sock.close()`) or after it (`sock.close(); f()`). */
  sharedLine: "none" | "before" | "after";
  /** The arguments on lines of their own, with a trailing comma. */
  multiLineArgs: boolean;
  /**
   * `plain` only: between `if (flag) state = {}` (no `;`) and a line starting with `(` or `[`, the call with
   * `;`: the call's `;` is all that keeps the two from reading as one statement once the call is gone.
   */
  asiSandwich: boolean;
  semi: boolean;
}

export type SimpleKind =
  | "log"
  | "sessionsDelete"
  | "ifFlag"
  | "tryCleanup"
  | "stamp"
  | "counter"
  | "parenLine"
  | "bracketLine"
  | "templateLine"
  | "regexLine"
  | "lineComment"
  | "blockComment"
  | "multiLineComment"
  | "send"
  | "earlyReturn"
  | "escape"
  | "ifAssignObject"
  | "jsxLine";

export interface SimpleItem {
  kind: "simple";
  what: SimpleKind;
  semi: boolean;
  trailingComment: boolean;
}

export type HandlerItem = CloseItem | SimpleItem;

/**
 * The close handler's event parameter. `typed`, `optional`, `thisParam`, `any`, `otherType` fall back to `ident` in
 * JavaScript, `thisOnly` (`(this: WebSocket)`) to `none`; `thisParam` and `thisOnly` need a `function`.
 */
export type EventParam = "ident" | "typed" | "destructured" | "none" | "optional" | "thisParam" | "thisOnly" | "any" | "otherType";

/**
 * How the close handler is written: an inline function (`arrow`, `arrowNoParens`,
 * `asyncArrow`, `functionExpr`, `namedFunctionExpr`, `expressionArrow` whose body is
 * its only close call), or a function of the file passed by name (`declaration`,
 * `constArrow`).
 */
export type HandlerForm =
  | "arrow"
  | "arrowNoParens"
  | "asyncArrow"
  | "functionExpr"
  | "namedFunctionExpr"
  | "expressionArrow"
  | "declaration"
  | "constArrow";

export interface HandlerSpec {
  form: HandlerForm;
  registration: "addEventListener" | "onclose";
  param: EventParam;
  items: HandlerItem[];
  /** For `declaration`: declared before (else after) its registration. */
  declaredFirst: boolean;
  /** A block comment with parentheses in it before the parameter list: `function /* (…) *\/ (e)`, `async /* (…) *\/ (e) =>`. */
  headComment: boolean;
  /** `{ a; b }` on the line of its head, when every statement fits on one line (else as `multiLine`). */
  layout: "multiLine" | "oneLine";
  /** The event parameter has the socket's name (the socket is shadowed in the handler). */
  shadowsSocket: boolean;
  /** `addEventListener("close", fn, { once: true })`. */
  listenerOptions: boolean;
  /** `expressionArrow` with one parameter: `e => sock.close()`. */
  bareParam: boolean;
}

export type AcceptOptions = "none" | "commentOnly" | "halfOpen" | "halfOpenFalse" | "empty" | "otherProperty" | "halfOpenShorthand" | "variable";

export interface PairScenario {
  kind: "pair";
  origin: "destructure" | "index" | "objectPattern";
  container: "defaultObject" | "function";
  accept: AcceptOptions;
  handlers: HandlerSpec[];
  sessionsAdd: boolean;
  messageEcho: boolean;
}

export interface ParamScenario {
  kind: "param";
  exported: boolean;
  accept: AcceptOptions;
  handlers: HandlerSpec[];
  caller: boolean;
}

export interface ProxyScenario {
  kind: "proxy";
  acceptClient: AcceptOptions;
  acceptBackend: AcceptOptions;
  clientHandler: HandlerSpec;
  backendHandler: HandlerSpec;
  forwardToBackend: boolean;
  forwardToClient: boolean;
}

export interface DurableObjectScenario {
  kind: "durableObject";
  extendsDurableObject: boolean;
  /** `null`: the class has no `webSocketClose`. */
  webSocketClose: null | {
    /** `fieldBare`: `webSocketClose = async ws => {…}` when it declares one parameter (else as `field`). */
    form: "method" | "field" | "fieldBare";
    /** How many of `(ws, code, reason, wasClean)` it declares. */
    params: 0 | 1 | 2 | 3 | 4;
    items: HandlerItem[];
    /** See `HandlerSpec.headComment`. */
    headComment: boolean;
  };
}

export interface HonoScenario {
  kind: "hono";
  module: "hono/cloudflare-workers" | "hono/cloudflare";
  factory: "blockBody" | "expressionBody";
  /** `expressionArrow`: `onClose: (event, ws) => ws.close(…)` when `items` is one bare close call (else `arrowProperty`). */
  onClose: "method" | "arrowProperty" | "functionProperty" | "expressionArrow";
  items: HandlerItem[];
  /** See `HandlerSpec.headComment`. */
  headComment: boolean;
}

export type Scenario = PairScenario | ParamScenario | ProxyScenario | DurableObjectScenario | HonoScenario;

export type TopKind =
  | "lineComment"
  | "blockComment"
  | "jsdoc"
  | "constString"
  | "helper"
  | "exportConst"
  | "regex"
  | "template"
  | "bracketLine"
  | "parenLine"
  | "blank";

export interface TopItem {
  what: TopKind;
  semi: boolean;
}

export interface ProgramSpec {
  style: Style;
  extension: Extension;
  /** Distinct identifiers, none a keyword or a name the templates use (see `NAME_COUNT` for the roles). */
  names: string[];
  prefix: TopItem[];
  scenario: Scenario;
  suffix: TopItem[];
}

/** A rendered program: its text, and the spans (offsets in it) a rewrite may edit, sorted and merged. */
export interface RenderedProgram {
  text: string;
  extension: Extension;
  editable: Array<{ start: number; end: number }>;
}

// ---------------------------------------------------------------------------
// Identifiers
// ---------------------------------------------------------------------------

/** Reserved words (ES strict mode, TypeScript), and names the templates use or that could shadow a global they use. */
const EXCLUDED_NAMES = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface " +
    "package private protected public await async of get set from as type declare module namespace require exports abstract readonly " +
    "keyof infer is asserts unique never unknown object symbol bigint satisfies accessor override out global any number string boolean " +
    "undefined arguments eval constructor prototype nan infinity " +
    // the templates' own names
    "sessions console fetch request app upstream flag cleanup err code reason ctx env helper msg evt stamp date object response " +
    "websocket websocketpair hono set map json error promise closeevent durableobject globalthis upgradewebsocket wasclean " +
    "closedcount state"
  ).split(" "),
);

/** Roles of `ProgramSpec.names`, by index. */
const N = {
  socket: 0,
  client: 1,
  event: 2,
  handler: 3,
  handler2: 4,
  pair: 5,
  backend: 6,
  event2: 7,
  className: 8,
  doCode: 9,
  doReason: 10,
  attach: 11,
  options: 12,
  honoSocket: 13,
} as const;
export const NAME_COUNT = 14;

const generatedName = fc
  .tuple(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz_$"), fc.stringMatching(/^[a-zA-Z0-9_$]{1,7}$/u))
  .map(([first, rest]) => first + rest);

/** An identifier that is no keyword and no name of the templates; a few common and non-ASCII ones come often. */
export const identifierArb: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: generatedName },
    { weight: 2, arbitrary: fc.constantFrom("server", "socket", "sock", "ws", "client", "conn", "event", "e", "peer", "backendWs", "onClose", "handleClose") },
    { weight: 1, arbitrary: fc.constantFrom("ñandú", "σ2", "sockéte", "$ws", "_close", "x$1", "𝒲s") },
  )
  .filter((name) => !EXCLUDED_NAMES.has(name.toLowerCase()) && !/^stamp\d/iu.test(name));

// ---------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------

const simpleKindArb: fc.Arbitrary<SimpleKind> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<SimpleKind>("log") },
  { weight: 2, arbitrary: fc.constant<SimpleKind>("sessionsDelete") },
  { weight: 1, arbitrary: fc.constant<SimpleKind>("ifFlag") },
  { weight: 1, arbitrary: fc.constant<SimpleKind>("tryCleanup") },
  { weight: 1, arbitrary: fc.constant<SimpleKind>("stamp") },
  { weight: 1, arbitrary: fc.constant<SimpleKind>("counter") },
  { weight: 2, arbitrary: fc.constant<SimpleKind>("parenLine") },
  { weight: 2, arbitrary: fc.constant<SimpleKind>("bracketLine") },
  { weight: 1, arbitrary: fc.constant<SimpleKind>("templateLine") },
  { weight: 1, arbitrary: fc.constant<SimpleKind>("regexLine") },
  { weight: 2, arbitrary: fc.constant<SimpleKind>("lineComment") },
  { weight: 2, arbitrary: fc.constant<SimpleKind>("blockComment") },
  { weight: 1, arbitrary: fc.constant<SimpleKind>("multiLineComment") },
  { weight: 1, arbitrary: fc.constant<SimpleKind>("send") },
  { weight: 1, arbitrary: fc.constant<SimpleKind>("earlyReturn") },
  { weight: 1, arbitrary: fc.constant<SimpleKind>("escape") },
  { weight: 1, arbitrary: fc.constant<SimpleKind>("ifAssignObject") },
  { weight: 1, arbitrary: fc.constant<SimpleKind>("jsxLine") },
);

const rarely = fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

export const simpleItemArb: fc.Arbitrary<SimpleItem> = fc.record({
  kind: fc.constant("simple" as const),
  what: simpleKindArb,
  semi: fc.boolean(),
  trailingComment: rarely,
});

const closeArgsArb: fc.Arbitrary<CloseArgs> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<CloseArgs>("echo") },
  { weight: 3, arbitrary: fc.constant<CloseArgs>("none") },
  { weight: 2, arbitrary: fc.constant<CloseArgs>("custom") },
  { weight: 2, arbitrary: fc.constant<CloseArgs>("code1000") },
  { weight: 1, arbitrary: fc.constant<CloseArgs>("codeOnly") },
  { weight: 1, arbitrary: fc.constant<CloseArgs>("reservedLiteral") },
  { weight: 1, arbitrary: fc.constant<CloseArgs>("mappedCode") },
);

const closeWrapArb: fc.Arbitrary<CloseWrap> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<CloseWrap>("plain") },
  { weight: 2, arbitrary: fc.constant<CloseWrap>("if") },
  { weight: 1, arbitrary: fc.constant<CloseWrap>("readyState") },
  { weight: 2, arbitrary: fc.constant<CloseWrap>("try") },
  { weight: 1, arbitrary: fc.constant<CloseWrap>("ifNoBrace") },
  { weight: 1, arbitrary: fc.constant<CloseWrap>("switchCase") },
  { weight: 1, arbitrary: fc.constant<CloseWrap>("tryInline") },
  { weight: 1, arbitrary: fc.constant<CloseWrap>("elseNoBrace") },
  { weight: 1, arbitrary: fc.constant<CloseWrap>("voidStatement") },
  { weight: 1, arbitrary: fc.constant<CloseWrap>("andStatement") },
  { weight: 1, arbitrary: fc.constant<CloseWrap>("returnStatement") },
);

function closeItemArb(peerWeight: number): fc.Arbitrary<CloseItem> {
  return fc.record({
    kind: fc.constant("close" as const),
    target: fc.oneof({ weight: 4, arbitrary: fc.constant("self" as const) }, { weight: peerWeight, arbitrary: fc.constant("peer" as const) }),
    args: closeArgsArb,
    wrap: closeWrapArb,
    inBlock: fc.array(simpleItemArb, { maxLength: 1 }),
    leadingComment: rarely,
    trailingComment: rarely,
    innerComment: rarely,
    optionalCall: rarely,
    parenthesized: rarely,
    sharedLine: fc.oneof(
      { weight: 8, arbitrary: fc.constant("none" as const) },
      { weight: 1, arbitrary: fc.constant("before" as const) },
      { weight: 1, arbitrary: fc.constant("after" as const) },
    ),
    multiLineArgs: rarely,
    asiSandwich: rarely,
    semi: fc.boolean(),
  });
}

function handlerItemsArb(peerWeight: number): fc.Arbitrary<HandlerItem[]> {
  return fc.array(
    fc.oneof(
      { weight: 2, arbitrary: closeItemArb(peerWeight) as fc.Arbitrary<HandlerItem> },
      { weight: 3, arbitrary: simpleItemArb as fc.Arbitrary<HandlerItem> },
    ),
    { maxLength: 5 },
  );
}

const eventParamArb: fc.Arbitrary<EventParam> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<EventParam>("ident") },
  { weight: 2, arbitrary: fc.constant<EventParam>("typed") },
  { weight: 2, arbitrary: fc.constant<EventParam>("destructured") },
  { weight: 2, arbitrary: fc.constant<EventParam>("none") },
  { weight: 1, arbitrary: fc.constant<EventParam>("optional") },
  { weight: 1, arbitrary: fc.constant<EventParam>("thisParam") },
  { weight: 1, arbitrary: fc.constant<EventParam>("thisOnly") },
  { weight: 1, arbitrary: fc.constant<EventParam>("any") },
  { weight: 1, arbitrary: fc.constant<EventParam>("otherType") },
);

const handlerFormArb: fc.Arbitrary<HandlerForm> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<HandlerForm>("arrow") },
  { weight: 1, arbitrary: fc.constant<HandlerForm>("arrowNoParens") },
  { weight: 1, arbitrary: fc.constant<HandlerForm>("asyncArrow") },
  { weight: 2, arbitrary: fc.constant<HandlerForm>("functionExpr") },
  { weight: 1, arbitrary: fc.constant<HandlerForm>("namedFunctionExpr") },
  { weight: 1, arbitrary: fc.constant<HandlerForm>("expressionArrow") },
  { weight: 2, arbitrary: fc.constant<HandlerForm>("declaration") },
  { weight: 1, arbitrary: fc.constant<HandlerForm>("constArrow") },
);

function handlerArb(peerWeight: number): fc.Arbitrary<HandlerSpec> {
  return fc.record({
    form: handlerFormArb,
    registration: fc.oneof({ weight: 4, arbitrary: fc.constant("addEventListener" as const) }, { weight: 1, arbitrary: fc.constant("onclose" as const) }),
    param: eventParamArb,
    items: handlerItemsArb(peerWeight),
    declaredFirst: fc.boolean(),
    headComment: rarely,
    layout: fc.oneof({ weight: 5, arbitrary: fc.constant("multiLine" as const) }, { weight: 1, arbitrary: fc.constant("oneLine" as const) }),
    shadowsSocket: fc.oneof({ weight: 15, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    listenerOptions: rarely,
    bareParam: fc.boolean(),
  });
}

const acceptArb: fc.Arbitrary<AcceptOptions> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<AcceptOptions>("none") },
  { weight: 3, arbitrary: fc.constant<AcceptOptions>("halfOpen") },
  { weight: 1, arbitrary: fc.constant<AcceptOptions>("halfOpenFalse") },
  { weight: 1, arbitrary: fc.constant<AcceptOptions>("empty") },
  { weight: 1, arbitrary: fc.constant<AcceptOptions>("otherProperty") },
  { weight: 1, arbitrary: fc.constant<AcceptOptions>("halfOpenShorthand") },
  { weight: 1, arbitrary: fc.constant<AcceptOptions>("variable") },
  { weight: 1, arbitrary: fc.constant<AcceptOptions>("commentOnly") },
);

const pairArb: fc.Arbitrary<PairScenario> = fc.record({
  kind: fc.constant("pair" as const),
  origin: fc.constantFrom("destructure" as const, "index" as const, "objectPattern" as const),
  container: fc.constantFrom("defaultObject" as const, "function" as const),
  accept: acceptArb,
  handlers: fc.array(handlerArb(1), { minLength: 1, maxLength: 2 }),
  sessionsAdd: fc.boolean(),
  messageEcho: rarely,
});

const paramArb: fc.Arbitrary<ParamScenario> = fc.record({
  kind: fc.constant("param" as const),
  exported: fc.boolean(),
  accept: acceptArb,
  handlers: fc.array(handlerArb(0), { minLength: 1, maxLength: 2 }),
  caller: fc.boolean(),
});

const proxyArb: fc.Arbitrary<ProxyScenario> = fc.record({
  kind: fc.constant("proxy" as const),
  acceptClient: acceptArb,
  acceptBackend: acceptArb,
  clientHandler: handlerArb(6),
  backendHandler: handlerArb(6),
  forwardToBackend: fc.boolean(),
  forwardToClient: fc.boolean(),
});

const durableObjectArb: fc.Arbitrary<DurableObjectScenario> = fc.record({
  kind: fc.constant("durableObject" as const),
  extendsDurableObject: fc.boolean(),
  webSocketClose: fc.option(
    fc.record({
      form: fc.oneof(
        { weight: 4, arbitrary: fc.constant("method" as const) },
        { weight: 1, arbitrary: fc.constant("field" as const) },
        { weight: 1, arbitrary: fc.constant("fieldBare" as const) },
      ),
      params: fc.oneof(
        { weight: 4, arbitrary: fc.constant(4 as const) },
        { weight: 2, arbitrary: fc.constant(3 as const) },
        { weight: 1, arbitrary: fc.constant(2 as const) },
        { weight: 2, arbitrary: fc.constant(1 as const) },
        { weight: 1, arbitrary: fc.constant(0 as const) },
      ),
      items: handlerItemsArb(0),
      headComment: rarely,
    }),
    { freq: 6 },
  ),
});

const honoArb: fc.Arbitrary<HonoScenario> = fc.record({
  kind: fc.constant("hono" as const),
  module: fc.constantFrom("hono/cloudflare-workers" as const, "hono/cloudflare" as const),
  factory: fc.constantFrom("blockBody" as const, "expressionBody" as const),
  onClose: fc.constantFrom("method" as const, "arrowProperty" as const, "functionProperty" as const, "expressionArrow" as const),
  items: handlerItemsArb(0),
  headComment: rarely,
});

export const scenarioArb: fc.Arbitrary<Scenario> = fc.oneof(
  { weight: 5, arbitrary: pairArb },
  { weight: 3, arbitrary: paramArb },
  { weight: 2, arbitrary: proxyArb },
  { weight: 3, arbitrary: durableObjectArb },
  { weight: 1, arbitrary: honoArb },
);

const topItemArb: fc.Arbitrary<TopItem> = fc.record({
  what: fc.constantFrom<TopKind>(
    "lineComment",
    "blockComment",
    "jsdoc",
    "constString",
    "helper",
    "exportConst",
    "regex",
    "template",
    "bracketLine",
    "parenLine",
    "blank",
  ),
  semi: fc.boolean(),
});

export const styleArb: fc.Arbitrary<Style> = fc.record({
  eol: fc.oneof({ weight: 2, arbitrary: fc.constant("\n" as const) }, { weight: 1, arbitrary: fc.constant("\r\n" as const) }),
  semicolons: fc.oneof(
    { weight: 3, arbitrary: fc.constant("always" as const) },
    { weight: 3, arbitrary: fc.constant("never" as const) },
    { weight: 1, arbitrary: fc.constant("mixed" as const) },
  ),
  indent: fc.constantFrom("  " as const, "    " as const, "\t" as const),
  quote: fc.constantFrom('"' as const, "'" as const),
});

export const programArb: fc.Arbitrary<ProgramSpec> = fc.record({
  style: styleArb,
  extension: fc.oneof(
    { weight: 3, arbitrary: fc.constant<Extension>(".ts") },
    { weight: 2, arbitrary: fc.constant<Extension>(".js") },
    { weight: 1, arbitrary: fc.constant<Extension>(".mjs") },
    { weight: 1, arbitrary: fc.constant<Extension>(".tsx") },
    { weight: 1, arbitrary: fc.constant<Extension>(".jsx") },
  ),
  names: fc.uniqueArray(identifierArb, { minLength: NAME_COUNT, maxLength: NAME_COUNT }),
  prefix: fc.array(topItemArb, { maxLength: 4 }),
  scenario: scenarioArb,
  suffix: fc.array(topItemArb, { maxLength: 4 }),
});

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

/** Text written as fixed or editable parts. Inside `editing`, every part is editable. */
class Writer {
  text = "";
  private readonly spans: Array<{ start: number; end: number }> = [];
  private editingDepth = 0;

  constructor(
    readonly style: Style,
    readonly typescript: boolean,
    /** The file parses JSX: a line may start with `<p>`. */
    readonly jsx: boolean,
  ) {}

  fixed(text: string): void {
    if (this.editingDepth > 0) {
      this.edit(text);
      return;
    }
    this.text += text;
  }

  /** Editable text; `""` marks a point where a rewrite may insert. */
  edit(text: string): void {
    const start = this.text.length;
    this.text += text;
    this.spans.push({ start, end: this.text.length });
  }

  editing(write: () => void): void {
    const start = this.text.length;
    this.editingDepth++;
    write();
    this.editingDepth--;
    this.spans.push({ start, end: this.text.length });
  }

  eol(): void {
    this.fixed(this.style.eol);
  }

  indent(depth: number): string {
    return this.style.indent.repeat(depth);
  }

  semi(bit: boolean): string {
    return this.style.semicolons === "always" || (this.style.semicolons === "mixed" && bit) ? ";" : "";
  }

  q(text: string): string {
    return `${this.style.quote}${text}${this.style.quote}`;
  }

  /** The editable spans, sorted, overlapping and touching ones merged. */
  editable(): Array<{ start: number; end: number }> {
    const sorted = [...this.spans].sort((a, b) => a.start - b.start || a.end - b.end);
    const merged: Array<{ start: number; end: number }> = [];
    for (const span of sorted) {
      const last = merged[merged.length - 1];
      if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
      else merged.push({ ...span });
    }
    return merged;
  }
}

/**
 * A statement list being written: whether its last statement could join a
 * following line that starts with `(`, `[`, `` ` `` or `/` (an expression
 * statement without `;`), which then gets a leading `;` as semicolon-less
 * code writes it.
 */
interface StatementList {
  joinable: boolean;
}

/** What a handler's statements refer to. */
interface HandlerContext {
  self: string;
  /** The socket a `peer` close targets. */
  peer: string;
  /** The received code and reason as the handler reads them, or `null` when it cannot. */
  code: string | null;
  reason: string | null;
  /** Counter for unique `stamp` names. */
  stamps: { next: number };
}

function closeArgsText(args: CloseArgs, context: HandlerContext, w: Writer): string {
  const { code, reason } = context;
  switch (args) {
    case "echo":
      return code && reason ? `${code}, ${reason}` : code ?? "";
    case "codeOnly":
      return code ?? "1000";
    case "none":
      return "";
    case "custom":
      return `4000, ${w.q("bye")}`;
    case "code1000":
      return "1000";
    case "reservedLiteral":
      return "1005";
    case "mappedCode":
      return code ? `${code} === 1005 ? 1000 : ${code}${reason ? `, ${reason}` : ""}` : "1000";
  }
}

/**
 * The call statement of a close item, without indentation or comments:
 * `sock.close(…);`. `semi`: the item's own semicolon (`style`), none, or one in
 * every style (another statement follows on the line). With `depth`, the
 * arguments of a `multiLineArgs` item go on lines of their own.
 */
function closeCallText(item: CloseItem, context: HandlerContext, w: Writer, semi: "style" | "none" | "forced", depth?: number): string {
  const target = item.target === "peer" ? context.peer : context.self;
  const plain = closeArgsText(item.args, context, w);
  let args = plain;
  if (item.innerComment) args = plain === "" ? "/* nothing */" : `/* echo */ ${plain}`;
  if (item.multiLineArgs && depth !== undefined && plain !== "") {
    const eol = w.style.eol;
    args = `${eol}${args.split(", ").map((arg) => `${w.indent(depth + 1)}${arg},${eol}`).join("")}${w.indent(depth)}`;
  }
  const object = item.parenthesized ? `(${target}${w.typescript ? " as WebSocket" : ""})` : target;
  const end = semi === "forced" ? ";" : semi === "style" ? w.semi(item.semi) : "";
  return `${object}${item.optionalCall ? "?." : "."}close(${args})${end}`;
}

/** A close call alone on its line, as the handler's own statement: removing such calls one by one can leave its block `{}`. */
function isBareClose(item: HandlerItem): boolean {
  return item.kind === "close" && item.wrap === "plain" && !item.leadingComment && item.sharedLine === "none" && !item.asiSandwich;
}

/**
 * A close call alone on its line, or one that goes with its statement (`if (flag) close(…)` without
 * braces, `void close(…)`, `flag && close(…)`: their tests have no side effects): removing each can
 * leave its block `{}`.
 */
function isRemovableClose(item: HandlerItem): boolean {
  return isBareClose(item) || (item.kind === "close" && ["ifNoBrace", "voidStatement", "andStatement"].includes(item.wrap));
}

/** True when a line starts with a character that continues an expression (`(`, `[`, `` ` ``, `<`, `/` not of a comment). */
function startsLineContinuing(line: string): boolean {
  return /^(?:[([`<]|\/(?![/*]))/u.test(line);
}

/** The lines of a simple statement (unindented; nested lines carry one indent unit). */
function simpleLines(item: SimpleItem, context: HandlerContext, w: Writer): { lines: string[]; joinable: boolean | null } {
  const s = w.semi(item.semi);
  const unit = w.style.indent;
  const codeText = context.code ?? "0";
  const cast = w.typescript ? " as any" : "";
  switch (item.what) {
    case "log":
      return { lines: [`console.log(${w.q("closed")}, ${codeText})${s}`], joinable: s === "" };
    case "sessionsDelete":
      return { lines: [`sessions.delete(${context.self})${s}`], joinable: s === "" };
    case "ifFlag":
      return { lines: ["if (flag) {", `${unit}console.log(${w.q("flag")})${s}`, "}"], joinable: false };
    case "tryCleanup":
      return { lines: ["try {", `${unit}cleanup()${s}`, "} catch (err) {", `${unit}console.error(err)${s}`, "}"], joinable: false };
    case "stamp":
      return { lines: [`const stamp${context.stamps.next++} = Date.now()${s}`], joinable: s === "" };
    case "counter":
      return { lines: [`closedCount += 1${s}`], joinable: s === "" };
    case "parenLine":
      return { lines: [`(globalThis${cast}).lastClose = Date.now()${s}`], joinable: s === "" };
    case "bracketLine":
      return { lines: [`[1, 2].forEach((k) => console.log(k))${s}`], joinable: s === "" };
    case "templateLine":
      return { lines: ["`closed ${1 + 1}`.trim()" + s], joinable: s === "" };
    case "regexLine":
      return { lines: [`/close\\(/u.test(${w.q("close(")})${s}`], joinable: s === "" };
    case "lineComment":
      return { lines: ["// the peer has gone; tidy up"], joinable: null };
    case "blockComment":
      return { lines: ["/* close() is not called here */"], joinable: null };
    case "multiLineComment":
      return { lines: ["/*", " * A comment over", " * three lines. */"], joinable: null };
    case "send":
      return { lines: [`${context.self}.send(${w.q("bye")})${s}`], joinable: s === "" };
    case "earlyReturn":
      return { lines: [`if (!flag) return${s}`], joinable: false };
    case "escape":
      return { lines: [`cleanup(${context.self})${s}`], joinable: s === "" };
    case "jsxLine":
      return w.jsx ? { lines: [`<p>closed</p>${s}`], joinable: s === "" } : { lines: [`console.log(${w.q("no JSX")})${s}`], joinable: s === "" };
    case "ifAssignObject":
      // Ends with an object literal's `}`, not a block's: a line starting with `(` after it would continue it.
      // Written without `;` in every style (one forgotten in code with semicolons), so that a removed close
      // call with `;` after it is often all that keeps the next line from continuing it.
      return { lines: ["if (flag) state = {}"], joinable: true };
  }
}

function writeSimple(w: Writer, depth: number, item: SimpleItem, context: HandlerContext, list: StatementList): void {
  const { lines, joinable } = simpleLines(item, context, w);
  const guard = startsLineContinuing(lines[0]!) && list.joinable ? ";" : "";
  const comment = item.trailingComment && joinable !== null ? " // note" : "";
  lines.forEach((line, index) => {
    const lead = index === 0 ? guard : "";
    const tail = index === lines.length - 1 ? comment : "";
    w.fixed(`${w.indent(depth)}${lead}${line}${tail}`);
    w.eol();
  });
  if (joinable !== null) list.joinable = joinable;
}

/**
 * Writes a close call on a line of its own: the line is editable, but a block
 * comment before the call on that line is not, nor the `;` that keeps a call
 * starting with `(` from continuing the statement before it (that `;` ends the
 * statement before), nor another statement on the line (`sharedLine`) and the
 * line's indentation then.
 */
function writeCloseLine(w: Writer, depth: number, item: CloseItem, context: HandlerContext, list: StatementList, semi: "style" | "forced" = "style"): void {
  const indent = w.indent(depth);
  const trailing = item.trailingComment ? " // reply to the peer" : "";
  const eol = w.style.eol;
  const guard = item.parenthesized && list.joinable && item.sharedLine !== "before" ? ";" : "";
  const comment = item.leadingComment ? "/* reply */ " : "";
  if (item.sharedLine === "before") {
    w.fixed(`${indent}console.log(${w.q("before")});${comment ? ` ${comment.trimEnd()}` : ""}`);
    w.edit(` ${closeCallText(item, context, w, "style", depth)}${trailing}${eol}`);
    list.joinable = w.semi(item.semi) === "";
    return;
  }
  if (item.sharedLine === "after") {
    const s = w.semi(item.semi);
    w.fixed(`${indent}${guard}${comment}`);
    w.edit(`${closeCallText(item, context, w, "forced", depth)} `);
    w.fixed(`console.log(${w.q("after")})${s}${trailing}`);
    w.eol();
    list.joinable = s === "";
    return;
  }
  const call = closeCallText(item, context, w, semi, depth);
  if (comment || guard) {
    w.fixed(`${indent}${guard}${comment.trimEnd()}`);
    w.edit(`${comment ? " " : ""}${call}${trailing}${eol}`);
  } else {
    w.edit(`${indent}${call}${trailing}${eol}`);
  }
  list.joinable = semi === "style" && w.semi(item.semi) === "";
}

function writeClose(w: Writer, depth: number, item: CloseItem, context: HandlerContext, list: StatementList): void {
  const indent = w.indent(depth);
  const call = closeCallText(item, context, w, "style");
  switch (item.wrap) {
    case "plain":
      if (item.asiSandwich && item.sharedLine === "none") {
        const simple = (what: SimpleKind): SimpleItem => ({ kind: "simple", what, semi: false, trailingComment: false });
        writeSimple(w, depth, simple("ifAssignObject"), context, list);
        writeCloseLine(w, depth, item, context, list, "forced");
        writeSimple(w, depth, simple(item.semi ? "parenLine" : "bracketLine"), context, list);
        return;
      }
      writeCloseLine(w, depth, item, context, list);
      return;
    case "ifNoBrace":
      // The whole `if` may go (its test has no side effects), or its branch become `{}` or a guarded block.
      w.edit(`${indent}if (flag) ${call}${w.style.eol}`);
      list.joinable = w.semi(item.semi) === "";
      return;
    case "elseNoBrace":
      // The `else` branch may become `{}` or a guarded block.
      w.edit(`${indent}if (!flag) console.log(${w.q("skipped")}); else ${call}${w.style.eol}`);
      list.joinable = w.semi(item.semi) === "";
      return;
    case "voidStatement":
    case "andStatement":
    case "returnStatement": {
      // The statement may go, become `return;`, or be rewritten around a guard.
      const head = item.wrap === "voidStatement" ? "void " : item.wrap === "andStatement" ? "flag && " : "return ";
      w.edit(`${indent}${head}${call}${w.style.eol}`);
      list.joinable = w.semi(item.semi) === "";
      return;
    }
    case "tryInline":
      w.fixed(`${indent}try {`);
      w.edit(` ${call} `);
      w.fixed(`} catch {}`);
      w.eol();
      list.joinable = false;
      return;
    case "if":
    case "readyState":
    case "try": {
      const header =
        item.wrap === "if" ? "if (flag) {" : item.wrap === "try" ? "try {" : `if (${context.self}.readyState === 1) {`;
      w.fixed(`${indent}${header}`);
      const sole = item.inBlock.length === 0 && !item.leadingComment && item.sharedLine === "none";
      const inner = (): void => {
        w.eol();
        const blockList: StatementList = { joinable: false };
        for (const statement of item.inBlock) writeSimple(w, depth + 1, statement, context, blockList);
        writeCloseLine(w, depth + 1, item, context, blockList);
        w.fixed(indent);
      };
      if (sole) w.editing(inner);
      else inner();
      w.fixed(item.wrap === "try" ? "} catch {}" : "}");
      w.eol();
      list.joinable = false;
      return;
    }
    case "switchCase": {
      const [caseIndent, bodyIndent] = [w.indent(depth + 1), w.indent(depth + 2)];
      const s = w.semi(item.semi);
      w.fixed(`${indent}switch (flag) {`);
      w.eol();
      w.fixed(`${caseIndent}case 1:`);
      w.eol();
      const caseList: StatementList = { joinable: false };
      for (const statement of item.inBlock) writeSimple(w, depth + 2, statement, context, caseList);
      writeCloseLine(w, depth + 2, item, context, caseList);
      w.fixed(`${bodyIndent}break${s}`);
      w.eol();
      w.fixed(`${caseIndent}default:`);
      w.eol();
      w.fixed(`${bodyIndent}console.log(${w.q("other")})${s}`);
      w.eol();
      w.fixed(`${indent}}`);
      w.eol();
      list.joinable = false;
      return;
    }
  }
}

function writeItems(w: Writer, depth: number, items: readonly HandlerItem[], context: HandlerContext): void {
  const list: StatementList = { joinable: false };
  for (const item of items) {
    if (item.kind === "close") writeClose(w, depth, item, context, list);
    else writeSimple(w, depth, item, context, list);
  }
}

/** The simple statements a one-line body can hold: one line, no comment. */
const ONE_LINE_SIMPLE = new Set<SimpleKind>(["log", "sessionsDelete", "stamp", "counter", "parenLine", "bracketLine", "templateLine", "regexLine", "send", "escape", "jsxLine"]);

/** True when `items` fit a one-line body `{ a; b }`. */
function fitsOneLine(items: readonly HandlerItem[]): boolean {
  return items.every((item) =>
    item.kind === "close"
      ? isBareClose(item) && !item.trailingComment && !item.multiLineArgs
      : ONE_LINE_SIMPLE.has(item.what) && !item.trailingComment,
  );
}

/**
 * Writes `{ a; b }` on one line: each close call with the space before it is
 * editable (a removal takes that space), and the whole inside when every
 * statement is a close call. Every statement but the last ends with `;`.
 */
function writeOneLineBody(w: Writer, items: readonly HandlerItem[], context: HandlerContext): void {
  w.fixed("{");
  const inner = (): void => {
    items.forEach((item, index) => {
      const last = index === items.length - 1;
      if (item.kind === "close") {
        w.edit(` ${closeCallText(item, context, w, last ? "style" : "forced")}`);
      } else {
        const line = simpleLines({ ...item, semi: last ? item.semi : true }, context, w).lines[0]!;
        // `{ a; b }`: `w.semi` honours the style, so a statement followed by another gets its `;` here.
        w.fixed(` ${line}${!last && !line.endsWith(";") ? ";" : ""}`);
      }
    });
    w.fixed(" ");
  };
  if (items.every(isBareClose)) w.editing(inner);
  else inner();
  w.fixed("}");
}

/**
 * Writes a function body `{ … }` at `depth` (its closing brace's indentation):
 * editable when empty; its inside editable when its statements are all plain
 * close calls; else an insertion point at the start of the closing brace's line.
 */
function writeBody(w: Writer, depth: number, items: readonly HandlerItem[], context: HandlerContext, layout: HandlerSpec["layout"] = "multiLine"): void {
  if (items.length === 0) {
    w.edit("{}");
    return;
  }
  if (layout === "oneLine" && fitsOneLine(items)) {
    writeOneLineBody(w, items, context);
    return;
  }
  w.fixed("{");
  // Plain close calls alone: the fix passes may remove them one by one until the block is `{}`.
  const sole = items.every(isRemovableClose);
  const inner = (): void => {
    w.eol();
    writeItems(w, depth + 1, items, context);
    w.edit("");
    w.fixed(w.indent(depth));
  };
  if (sole) w.editing(inner);
  else inner();
  w.fixed("}");
}

/** The block comment `headComment` puts before a parameter list: parentheses in it must not be taken for the list's. */
const HEAD_COMMENT = "/* (on close) */ ";

/** The text of an event parameter list, with its parentheses (`bare`: the name alone would do, for an arrow). */
function eventParams(param: EventParam, name: string, w: Writer, allowThis: boolean): { text: string; bare: boolean } {
  const ts = w.typescript;
  switch (param) {
    case "none":
      return { text: "()", bare: false };
    case "destructured":
      return { text: ts ? "({ code, reason }: CloseEvent)" : "({ code, reason })", bare: false };
    case "typed":
      return { text: ts ? `(${name}: CloseEvent)` : `(${name})`, bare: false };
    case "optional":
      return { text: ts ? `(${name}?: CloseEvent)` : `(${name})`, bare: false };
    case "thisParam":
      return { text: ts && allowThis ? `(this: WebSocket, ${name}: CloseEvent)` : `(${name})`, bare: false };
    case "thisOnly":
      return { text: ts && allowThis ? "(this: WebSocket)" : "()", bare: false };
    case "any":
      return { text: ts ? `(${name}: any)` : `(${name})`, bare: false };
    case "otherType":
      return { text: ts ? `(${name}: Event)` : `(${name})`, bare: false };
    case "ident":
      return { text: `(${name})`, bare: true };
  }
}

/** What the handler's statements read; `thisOnly` outside a `function` is written as `()`, so it has no event either. */
function eventContext(param: EventParam, name: string, self: string, peer: string, stamps: { next: number }): HandlerContext {
  if (param === "none" || param === "thisOnly") return { self, peer, code: null, reason: null, stamps };
  if (param === "destructured") return { self, peer, code: "code", reason: "reason", stamps };
  return { self, peer, code: `${name}.code`, reason: `${name}.reason`, stamps };
}

/** True when the handler can be written as `(e) => sock.close(…)`. */
function isExpressionHandler(handler: HandlerSpec): boolean {
  const only = handler.items.length === 1 ? handler.items[0]! : null;
  return handler.form === "expressionArrow" && only !== null && isBareClose(only) && !(only as CloseItem).trailingComment;
}

/** Writes an inline handler function (no indentation before it, no line end after it). */
function writeInlineFunction(w: Writer, depth: number, handler: HandlerSpec, name: string, context: HandlerContext, fnName: string): void {
  const form = handler.form === "expressionArrow" && !isExpressionHandler(handler) ? "arrow" : handler.form;
  const isFunction = form === "functionExpr" || form === "namedFunctionExpr";
  const params = eventParams(handler.param, name, w, isFunction);
  const headComment = handler.headComment ? HEAD_COMMENT : "";
  if (form === "expressionArrow") {
    w.fixed(headComment);
    w.edit(handler.bareParam && params.bare ? name : params.text);
    w.fixed(" => ");
    w.edit(closeCallText(handler.items[0] as CloseItem, context, w, "none"));
    return;
  }
  if (isFunction) {
    w.fixed(`${form === "namedFunctionExpr" ? `function ${fnName}` : "function"} ${headComment}`);
    w.edit(params.text);
    w.fixed(" ");
  } else {
    w.fixed(`${form === "asyncArrow" ? "async " : ""}${headComment}`);
    w.edit(form === "arrowNoParens" && params.bare ? name : params.text);
    w.fixed(" => ");
  }
  writeBody(w, depth, handler.items, context, handler.layout);
}

/** Writes one close handler of `socket` (its declaration, if any, and its registration) as statements at `depth`. */
function writeHandler(
  w: Writer,
  depth: number,
  handler: HandlerSpec,
  names: { socket: string; peer: string; event: string; fn: string },
  stamps: { next: number },
): void {
  const indent = w.indent(depth);
  const event = handler.shadowsSocket ? names.socket : names.event;
  const context = eventContext(handler.param, event, names.socket, names.peer, stamps);
  const register = (value: string, writeValue?: () => void): void => {
    if (handler.registration === "addEventListener") {
      w.fixed(`${indent}${names.socket}.addEventListener(${w.q("close")}, ${value}`);
      writeValue?.();
      w.fixed(`${handler.listenerOptions ? ", { once: true }" : ""})${w.semi(true)}`);
    } else {
      w.fixed(`${indent}${names.socket}.onclose = ${value}`);
      writeValue?.();
      w.fixed(w.semi(true));
    }
    w.eol();
  };
  if (handler.form === "declaration") {
    const declare = (): void => {
      w.fixed(`${indent}function ${names.fn}${handler.headComment ? ` ${HEAD_COMMENT.trimEnd()}` : ""}`);
      w.edit(eventParams(handler.param, event, w, true).text);
      w.fixed(" ");
      writeBody(w, depth, handler.items, context, handler.layout);
      w.eol();
    };
    if (handler.declaredFirst) declare();
    register(names.fn);
    if (!handler.declaredFirst) declare();
    return;
  }
  if (handler.form === "constArrow") {
    w.fixed(`${indent}const ${names.fn} = `);
    writeInlineFunction(w, depth, { ...handler, form: "arrow" }, event, context, names.fn);
    w.fixed(w.semi(true));
    w.eol();
    register(names.fn);
    return;
  }
  register("", () => writeInlineFunction(w, depth, handler, event, context, names.fn));
}

function writeAccept(w: Writer, depth: number, socket: string, options: AcceptOptions, optionsName: string): void {
  const indent = w.indent(depth);
  const s = w.semi(true);
  if (options === "variable") {
    w.fixed(`${indent}const ${optionsName} = { allowHalfOpen: true }${s}`);
    w.eol();
  }
  w.fixed(`${indent}${socket}.accept(`);
  const args: Record<AcceptOptions, string> = {
    none: "",
    commentOnly: "/* defaults */",
    halfOpen: "{ allowHalfOpen: true }",
    halfOpenFalse: "{ allowHalfOpen: false }",
    empty: "{}",
    otherProperty: "{ signal: undefined }",
    halfOpenShorthand: "{ allowHalfOpen }",
    variable: optionsName,
  };
  w.edit(args[options]);
  w.fixed(`)${s}`);
  w.eol();
}

function writeTop(w: Writer, item: TopItem, index: number, list: StatementList): void {
  const s = w.semi(item.semi);
  const eol = w.style.eol;
  const unit = w.style.indent;
  let text: string;
  let joinable: boolean | null = s === "";
  let continuing = false;
  switch (item.what) {
    case "lineComment":
      text = `// unrelated: close(1000) is not a call here`;
      joinable = null;
      break;
    case "blockComment":
      text = `/* ws.close(e.code, e.reason) */`;
      joinable = null;
      break;
    case "jsdoc":
      text = `/**${eol} * Unrelated documentation.${eol} * @see server.close()${eol} */`;
      joinable = null;
      break;
    case "constString":
      text = `const GREETING_${index} = ${w.q("hello; (world)")}${s}`;
      break;
    case "helper":
      text = `function helper${index}(a, b) {${eol}${unit}return a + b${s}${eol}}`;
      joinable = false;
      break;
    case "exportConst":
      text = `export const LIMIT_${index} = [1, 2, 3].length${s}`;
      break;
    case "regex":
      text = `const PATTERN_${index} = /close\\((\\d+)\\)/u${s}`;
      break;
    case "template":
      text = `const TEMPLATE_${index} = \`a \${1 + 1} b\`${s}`;
      break;
    case "bracketLine":
      text = `[${index}, 2].forEach((k) => console.log(k))${s}`;
      continuing = true;
      break;
    case "parenLine":
      text = `(globalThis${w.typescript ? " as any" : ""}).loaded_${index} = true${s}`;
      continuing = true;
      break;
    case "blank":
      text = "";
      joinable = null;
      break;
  }
  w.fixed(`${continuing && list.joinable ? ";" : ""}${text}`);
  w.eol();
  if (joinable !== null) list.joinable = joinable;
}

function writeHeader(w: Writer, scenario: Scenario, list: StatementList): void {
  const s = w.semi(true);
  if (scenario.kind === "hono") {
    w.fixed(`import { Hono } from ${w.q("hono")}${s}`);
    w.eol();
    w.fixed(`import { upgradeWebSocket } from ${w.q(scenario.module)}${s}`);
    w.eol();
  }
  if (scenario.kind === "durableObject" && scenario.extendsDurableObject) {
    w.fixed(`import { DurableObject } from ${w.q("cloudflare:workers")}${s}`);
    w.eol();
  }
  w.fixed(`const sessions = new Set()${s}`);
  w.eol();
  w.fixed(`let closedCount = 0${s}`);
  w.eol();
  list.joinable = s === "";
}

function writeResponse(w: Writer, depth: number, client: string): void {
  w.fixed(`${w.indent(depth)}return new Response(null, { status: 101, webSocket: ${client} })${w.semi(true)}`);
  w.eol();
}

/** Writes the socket origin of a pair scenario: `client` and `server` bound to the ends of a `WebSocketPair`. */
function writePairOrigin(w: Writer, depth: number, origin: PairScenario["origin"], names: string[]): void {
  const indent = w.indent(depth);
  const s = w.semi(true);
  const [server, client, pair] = [names[N.socket]!, names[N.client]!, names[N.pair]!];
  const lines =
    origin === "destructure"
      ? [`const [${client}, ${server}] = Object.values(new WebSocketPair())${s}`]
      : origin === "objectPattern"
        ? [`const { 0: ${client}, 1: ${server} } = new WebSocketPair()${s}`]
        : [`const ${pair} = new WebSocketPair()${s}`, `const ${client} = ${pair}[0]${s}`, `const ${server} = ${pair}[1]${s}`];
  for (const line of lines) {
    w.fixed(`${indent}${line}`);
    w.eol();
  }
}

/** Opens a request handler: `export default { async fetch(request) {` or `export async function handle(request) {`; returns the body's depth. */
function openFetch(w: Writer, container: "defaultObject" | "function"): number {
  const param = w.typescript ? "request: Request" : "request";
  if (container === "defaultObject") {
    w.fixed(`export default {`);
    w.eol();
    w.fixed(`${w.indent(1)}async fetch(${param}) {`);
    w.eol();
    return 2;
  }
  w.fixed(`export async function handle(${param}) {`);
  w.eol();
  return 1;
}

function closeFetch(w: Writer, container: "defaultObject" | "function", list: StatementList): void {
  if (container === "defaultObject") {
    w.fixed(`${w.indent(1)}},`);
    w.eol();
    w.fixed(`}${w.semi(true)}`);
    list.joinable = w.semi(true) === "";
  } else {
    w.fixed("}");
    list.joinable = false;
  }
  w.eol();
}

function handlerNames(names: string[], index: number, socket: string, peer: string): { socket: string; peer: string; event: string; fn: string } {
  return {
    socket,
    peer,
    event: names[index === 0 ? N.event : N.event2]!,
    fn: names[index === 0 ? N.handler : N.handler2]!,
  };
}

function writePair(w: Writer, scenario: PairScenario, names: string[], list: StatementList, stamps: { next: number }): void {
  const depth = openFetch(w, scenario.container);
  const [server, client] = [names[N.socket]!, names[N.client]!];
  writePairOrigin(w, depth, scenario.origin, names);
  writeAccept(w, depth, server, scenario.accept, names[N.options]!);
  const s = w.semi(true);
  if (scenario.sessionsAdd) {
    w.fixed(`${w.indent(depth)}sessions.add(${server})${s}`);
    w.eol();
  }
  if (scenario.messageEcho) {
    w.fixed(`${w.indent(depth)}${server}.addEventListener(${w.q("message")}, (m) => ${server}.send(m.data))${s}`);
    w.eol();
  }
  scenario.handlers.forEach((handler, index) => writeHandler(w, depth, handler, handlerNames(names, index, server, client), stamps));
  writeResponse(w, depth, client);
  closeFetch(w, scenario.container, list);
}

function writeParam(w: Writer, scenario: ParamScenario, names: string[], list: StatementList, stamps: { next: number }): void {
  const [ws, attach] = [names[N.socket]!, names[N.attach]!];
  w.fixed(`${scenario.exported ? "export " : ""}function ${attach}(${ws}${w.typescript ? ": WebSocket" : ""}) {`);
  w.eol();
  writeAccept(w, 1, ws, scenario.accept, names[N.options]!);
  scenario.handlers.forEach((handler, index) => writeHandler(w, 1, handler, handlerNames(names, index, ws, ws), stamps));
  w.fixed("}");
  w.eol();
  list.joinable = false;
  if (scenario.caller) {
    const depth = openFetch(w, "defaultObject");
    writePairOrigin(w, depth, "destructure", names);
    w.fixed(`${w.indent(depth)}${attach}(${names[N.socket]!})${w.semi(true)}`);
    w.eol();
    writeResponse(w, depth, names[N.client]!);
    closeFetch(w, "defaultObject", list);
  }
}

function writeProxy(w: Writer, scenario: ProxyScenario, names: string[], list: StatementList, stamps: { next: number }): void {
  const depth = openFetch(w, "defaultObject");
  const [server, client, backend] = [names[N.socket]!, names[N.client]!, names[N.backend]!];
  const indent = w.indent(depth);
  const s = w.semi(true);
  writePairOrigin(w, depth, "destructure", names);
  writeAccept(w, depth, server, scenario.acceptClient, names[N.options]!);
  w.fixed(`${indent}const upstream = await fetch(${w.q("https://backend.example/ws")}, { headers: { Upgrade: ${w.q("websocket")} } })${s}`);
  w.eol();
  w.fixed(`${indent}const ${backend} = upstream.webSocket${w.typescript ? "!" : ""}${s}`);
  w.eol();
  writeAccept(w, depth, backend, scenario.acceptBackend, `${names[N.options]!}2`);
  if (scenario.forwardToBackend) {
    w.fixed(`${indent}${server}.addEventListener(${w.q("message")}, (m) => ${backend}.send(m.data))${s}`);
    w.eol();
  }
  if (scenario.forwardToClient) {
    w.fixed(`${indent}${backend}.addEventListener(${w.q("message")}, (m) => ${server}.send(m.data))${s}`);
    w.eol();
  }
  writeHandler(w, depth, scenario.clientHandler, handlerNames(names, 0, server, backend), stamps);
  writeHandler(w, depth, scenario.backendHandler, handlerNames(names, 1, backend, server), stamps);
  writeResponse(w, depth, client);
  closeFetch(w, "defaultObject", list);
}

function writeDurableObject(w: Writer, scenario: DurableObjectScenario, names: string[], list: StatementList, stamps: { next: number }): void {
  const base = names[N.className]!;
  const className = `${base.charAt(0).toUpperCase()}${base.slice(1)}Room`;
  const ts = w.typescript;
  const s = w.semi(true);
  w.fixed(`export class ${className}${scenario.extendsDurableObject ? " extends DurableObject" : ""} `);
  const body = (): void => {
    w.fixed("{");
    w.eol();
    if (!scenario.extendsDurableObject) {
      w.fixed(`${w.indent(1)}constructor(ctx${ts ? ": any" : ""}, env${ts ? ": unknown" : ""}) {`);
      w.eol();
      w.fixed(`${w.indent(2)}this.ctx = ctx${s}`);
      w.eol();
      w.fixed(`${w.indent(1)}}`);
      w.eol();
    }
    w.fixed(`${w.indent(1)}async fetch(request${ts ? ": Request" : ""}) {`);
    w.eol();
    writePairOrigin(w, 2, "destructure", names);
    w.fixed(`${w.indent(2)}this.ctx.acceptWebSocket(${names[N.socket]!})${s}`);
    w.eol();
    writeResponse(w, 2, names[N.client]!);
    w.fixed(`${w.indent(1)}}`);
    w.eol();
    const handler = scenario.webSocketClose;
    if (handler) {
      const [wsName, codeName, reasonName] = [names[N.honoSocket]!, names[N.doCode]!, names[N.doReason]!];
      const all = ts
        ? [`${wsName}: WebSocket`, `${codeName}: number`, `${reasonName}: string`, "wasClean: boolean"]
        : [wsName, codeName, reasonName, "wasClean"];
      const params = `(${all.slice(0, handler.params).join(", ")})`;
      const context: HandlerContext = {
        self: wsName,
        peer: wsName,
        code: handler.params >= 2 ? codeName : null,
        reason: handler.params >= 3 ? reasonName : null,
        stamps,
      };
      const headComment = handler.headComment ? HEAD_COMMENT : "";
      if (handler.form === "method") {
        w.fixed(`${w.indent(1)}async webSocketClose ${headComment}`);
        w.edit(params);
        w.fixed(" ");
        writeBody(w, 1, handler.items, context);
      } else {
        w.fixed(`${w.indent(1)}webSocketClose = async ${headComment}`);
        w.edit(handler.form === "fieldBare" && handler.params === 1 ? wsName : params);
        w.fixed(" => ");
        writeBody(w, 1, handler.items, context);
        w.fixed(s);
      }
      w.eol();
    }
    w.fixed(`${w.indent(1)}async webSocketMessage(${names[N.honoSocket]!}${ts ? ": WebSocket" : ""}, message${ts ? ": string | ArrayBuffer" : ""}) {`);
    w.eol();
    w.fixed(`${w.indent(2)}${names[N.honoSocket]!}.send(message)${s}`);
    w.eol();
    w.fixed(`${w.indent(1)}}`);
    w.eol();
    w.fixed("}");
  };
  // A class without `webSocketClose` is where a rewrite could add one: its body is editable.
  if (scenario.webSocketClose) body();
  else w.editing(body);
  w.eol();
  list.joinable = false;
}

function writeHono(w: Writer, scenario: HonoScenario, names: string[], list: StatementList, stamps: { next: number }): void {
  const s = w.semi(true);
  const [event, ws] = [names[N.event]!, names[N.honoSocket]!];
  const context: HandlerContext = { self: ws, peer: ws, code: `${event}.code`, reason: `${event}.reason`, stamps };
  const ts = w.typescript;
  w.fixed(`const app = new Hono()${s}`);
  w.eol();
  const depth = scenario.factory === "blockBody" ? 2 : 1;
  if (scenario.factory === "blockBody") {
    w.fixed(`app.get(${w.q("/ws")}, upgradeWebSocket((c) => {`);
    w.eol();
    w.fixed(`${w.indent(1)}return {`);
    w.eol();
  } else {
    w.fixed(`app.get(${w.q("/ws")}, upgradeWebSocket(() => ({`);
    w.eol();
  }
  const indent = w.indent(depth);
  w.fixed(`${indent}onMessage(message${ts ? ": any" : ""}) {`);
  w.eol();
  w.fixed(`${indent}${w.style.indent}console.log(message.data)${s}`);
  w.eol();
  w.fixed(`${indent}},`);
  w.eol();
  const params = `(${event}, ${ws})`;
  const headComment = scenario.headComment ? HEAD_COMMENT : "";
  if (scenario.onClose === "method") {
    w.fixed(`${indent}onClose ${headComment}`);
    w.edit(params);
    w.fixed(" ");
  } else if (scenario.onClose === "expressionArrow" && scenario.items.length === 1 && isBareClose(scenario.items[0]!)) {
    w.fixed(`${indent}onClose: ${headComment}`);
    w.edit(params);
    w.fixed(" => ");
    w.edit(closeCallText(scenario.items[0] as CloseItem, context, w, "none"));
    w.fixed(",");
    w.eol();
    closeHono(w, scenario, list);
    return;
  } else if (scenario.onClose === "arrowProperty" || scenario.onClose === "expressionArrow") {
    w.fixed(`${indent}onClose: ${headComment}`);
    w.edit(params);
    w.fixed(" => ");
  } else {
    w.fixed(`${indent}onClose: function ${headComment}`);
    w.edit(params);
    w.fixed(" ");
  }
  writeBody(w, depth, scenario.items, context);
  w.fixed(",");
  w.eol();
  closeHono(w, scenario, list);
}

/** Closes the object, the factory and `app.get(…)`, and exports the app. */
function closeHono(w: Writer, scenario: HonoScenario, list: StatementList): void {
  const s = w.semi(true);
  if (scenario.factory === "blockBody") {
    w.fixed(`${w.indent(1)}}${s}`);
    w.eol();
    w.fixed(`}))${s}`);
  } else {
    w.fixed(`})))${s}`);
  }
  w.eol();
  w.fixed(`export default app${s}`);
  w.eol();
  list.joinable = s === "";
}

/** Renders a program's text and the spans a rewrite may edit. */
export function renderProgram(spec: ProgramSpec): RenderedProgram {
  const w = new Writer(spec.style, spec.extension === ".ts" || spec.extension === ".tsx", spec.extension !== ".ts");
  const list: StatementList = { joinable: false };
  const stamps = { next: 0 };
  writeHeader(w, spec.scenario, list);
  spec.prefix.forEach((item, index) => writeTop(w, item, index, list));
  const { scenario, names } = spec;
  switch (scenario.kind) {
    case "pair":
      writePair(w, scenario, names, list, stamps);
      break;
    case "param":
      writeParam(w, scenario, names, list, stamps);
      break;
    case "proxy":
      writeProxy(w, scenario, names, list, stamps);
      break;
    case "durableObject":
      writeDurableObject(w, scenario, names, list, stamps);
      break;
    case "hono":
      writeHono(w, scenario, names, list, stamps);
      break;
  }
  spec.suffix.forEach((item, index) => writeTop(w, item, spec.prefix.length + index, list));
  return { text: w.text, extension: spec.extension, editable: w.editable() };
}

/** Programs as rendered text. */
export const renderedProgramArb: fc.Arbitrary<RenderedProgram> = programArb.map(renderProgram);

// ---------------------------------------------------------------------------
// The check of bytes outside the editable spans
// ---------------------------------------------------------------------------

/** Where the output lost a fixed piece of the input. */
export interface OutsideChange {
  /** Offset in the input of the fixed piece not found in order. */
  inputOffset: number;
  piece: string;
  /** Offset in the output from which it was looked for. */
  outputOffset: number;
}

/**
 * Checks that `output` is the input with only its editable spans replaced:
 * `output` must read F0 *1 F1 *2 … Fn, where F0…Fn are the input's text
 * outside the spans, in order, and each `*` is anything. Matching each piece at
 * its leftmost place after the previous one finds such a reading whenever one
 * exists (the first piece anchored at the start, the last at the end).
 *
 * @returns `null` when it holds, else the first fixed piece that is missing.
 */
export function changeOutsideSpans(input: string, editable: ReadonlyArray<{ start: number; end: number }>, output: string): OutsideChange | null {
  const pieces: Array<{ offset: number; text: string }> = [];
  let cursor = 0;
  for (const span of editable) {
    pieces.push({ offset: cursor, text: input.slice(cursor, span.start) });
    cursor = span.end;
  }
  pieces.push({ offset: cursor, text: input.slice(cursor) });
  if (pieces.length === 1) return output === input ? null : { inputOffset: 0, piece: input, outputOffset: 0 };
  const first = pieces[0]!;
  if (!output.startsWith(first.text)) return { inputOffset: first.offset, piece: first.text, outputOffset: 0 };
  let at = first.text.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = output.indexOf(piece.text, at);
    if (found === -1) return { inputOffset: piece.offset, piece: piece.text, outputOffset: at };
    at = found + piece.text.length;
  }
  const last = pieces[pieces.length - 1]!;
  if (!output.endsWith(last.text) || output.length - last.text.length < at) {
    return { inputOffset: last.offset, piece: last.text, outputOffset: at };
  }
  return null;
}
