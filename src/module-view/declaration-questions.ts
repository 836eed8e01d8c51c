/**
 * The questions one file asks of other modules, read from a TypeScript program
 * (ts-morph's in the CLI, typed linting's in ESLint): the declaration a call's
 * callee names (`handleSession(server)`, `this.sessions.remove(ws)`,
 * `super.webSocketClose(ws, code, reason)`), and the class an `extends` names.
 * Only calls with arguments are asked about (a socket must be passed), and only
 * answers in another source file of the program count: a `.d.ts`, a package, or
 * the file itself (the core follows its own functions) is no answer.
 *
 * The type checker is asked only here, and only for those names
 * (`getSymbolAtLocation`, then the alias an import makes). Written against the
 * `typescript` namespace the program was made with, passed in, so ts-morph's
 * bundled TypeScript and the user's both work.
 */
import type TypeScript from "typescript";
import { keyOfBase, keyOfCallee } from "../analysis/cross-module/module-facts.js";

type Ts = typeof TypeScript;

/** A declaration in another module: the file, and the start of its name (the core finds its node by it). */
export interface ForeignDeclaration {
  kind: "function" | "class";
  fileName: string;
  /** Offset of the declaration's name in its file (UTF-16, as ESTree ranges). */
  nameStart: number;
  /** The name messages give it (`handleSession`, `SessionManager.remove`). */
  name: string;
  /** For `new X(…)`: the declaration is the constructor of the class whose name starts at `nameStart`. */
  constructorOfClass?: true;
}

/** One question of a file and the declaration that answers it. */
export interface ResolvedQuestion {
  /** `calleeKey` or `baseKey` of the core (`module-facts.ts`). */
  key: string;
  kind: "callee" | "base";
  declaration: ForeignDeclaration;
}

/** The declaration a symbol names, followed through imports and re-exports; `null` for several or none with a body. */
function declarationOf(ts: Ts, checker: TypeScript.TypeChecker, node: TypeScript.Node, kind: "callee" | "base"): ForeignDeclaration | null {
  let symbol = checker.getSymbolAtLocation(node);
  if (!symbol) return null;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declarations = symbol.declarations ?? [];
  const found: ForeignDeclaration[] = [];
  for (const declaration of declarations) {
    const file = declaration.getSourceFile();
    if (file.isDeclarationFile) continue;
    const result = kind === "base" ? classDeclaration(ts, declaration) : functionDeclaration(ts, declaration);
    if (result) found.push({ kind: kind === "base" ? "class" : "function", fileName: file.fileName, ...result });
  }
  return found.length === 1 ? found[0]! : null;
}

/** A function with a body: a declaration, a method, or a `const`/property holding a function or arrow. */
function functionDeclaration(ts: Ts, declaration: TypeScript.Declaration): { nameStart: number; name: string; constructorOfClass?: true } | null {
  const file = declaration.getSourceFile();
  // `new RateLimiterClient(…)`: the class's constructor, found by the class's name.
  if (ts.isClassDeclaration(declaration) && declaration.name) {
    const constructor = declaration.members.find((member) => ts.isConstructorDeclaration(member) && member.body);
    return constructor ? { nameStart: declaration.name.getStart(file), name: declaration.name.text, constructorOfClass: true } : null;
  }
  const named = (name: TypeScript.Node, text: string) => ({ nameStart: name.getStart(file), name: text });
  if (ts.isFunctionDeclaration(declaration) && declaration.body && declaration.name) return named(declaration.name, declaration.name.text);
  if (ts.isMethodDeclaration(declaration) && declaration.body && ts.isIdentifier(declaration.name)) {
    const owner = ts.isClassLike(declaration.parent) ? declaration.parent.name?.text : undefined;
    return named(declaration.name, owner ? `${owner}.${declaration.name.text}` : declaration.name.text);
  }
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer && ts.isIdentifier(declaration.name)) {
    let init: TypeScript.Expression = declaration.initializer;
    while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) {
      const owner = ts.isPropertyDeclaration(declaration) && ts.isClassLike(declaration.parent) ? declaration.parent.name?.text : undefined;
      return named(declaration.name, owner ? `${owner}.${declaration.name.text}` : declaration.name.text);
    }
  }
  return null;
}

function classDeclaration(ts: Ts, declaration: TypeScript.Declaration): { nameStart: number; name: string } | null {
  if (ts.isClassDeclaration(declaration) && declaration.name) return { nameStart: declaration.name.getStart(declaration.getSourceFile()), name: declaration.name.text };
  return null;
}

/**
 * @param ts the `typescript` namespace `program` was made with.
 * @param program the program that holds `fileName` and the modules it imports.
 * @param fileName the file asking, as the program names it.
 * @returns each question the file asks whose answer is one declaration in another source file of
 *   the program. A key asked twice with two answers, or once with none, is left out. Never throws.
 */
export function resolveQuestions(ts: Ts, program: TypeScript.Program, fileName: string): ResolvedQuestion[] {
  const sourceFile = program.getSourceFile(fileName);
  if (!sourceFile) return [];
  const checker = program.getTypeChecker();
  const byKey = new Map<string, ResolvedQuestion | null>();
  const text = sourceFile.text;
  const ask = (key: string, kind: "callee" | "base", node: TypeScript.Node): void => {
    if (byKey.get(key) === null) return;
    let declaration: ForeignDeclaration | null = null;
    try {
      declaration = declarationOf(ts, checker, node, kind);
    } catch {
      declaration = null;
    }
    // A key written once for another module's declaration and once for anything else (a local of the same name
    // in another scope, a package's function) answers neither: the core asks by key.
    if (!declaration || declaration.fileName === sourceFile.fileName) {
      byKey.set(key, null);
      return;
    }
    const known = byKey.get(key);
    if (known && (known.declaration.fileName !== declaration.fileName || known.declaration.nameStart !== declaration.nameStart)) byKey.set(key, null);
    else byKey.set(key, { key, kind, declaration });
  };
  const visit = (node: TypeScript.Node, className: string): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && (node.arguments?.length ?? 0) > 0) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? callee.name : null;
      if (name) ask(keyOfCallee(text.slice(callee.getStart(sourceFile), callee.end), className), "callee", name);
      // A handler named by an identifier: `ws.addEventListener("close", onClose)`.
      const handler = node.arguments?.[1];
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(callee) && callee.name.text === "addEventListener" && handler && ts.isIdentifier(handler)) {
        ask(keyOfCallee(handler.text, className), "callee", handler);
      }
    }
    // `const [client, server] = makeWebSocketPair()`, `const ws = await connect()`: a helper that may return a socket.
    if (ts.isVariableDeclaration(node) && node.initializer) {
      let init: TypeScript.Expression = node.initializer;
      if (ts.isAwaitExpression(init)) init = init.expression;
      if (ts.isCallExpression(init) && init.arguments.length === 0) {
        const callee = init.expression;
        const name = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? callee.name : null;
        if (name) ask(keyOfCallee(text.slice(callee.getStart(sourceFile), callee.end), className), "callee", name);
      }
    }
    // `ws.onclose = onClose`.
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.right)) {
      const left = node.left;
      if (ts.isPropertyAccessExpression(left) && left.name.text.startsWith("on")) ask(keyOfCallee(node.right.text, className), "callee", node.right);
    }
    if (ts.isClassLike(node)) {
      const heritage = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
      if (heritage && ts.isIdentifier(heritage.expression)) {
        ask(keyOfBase(text.slice(heritage.expression.getStart(sourceFile), heritage.expression.end)), "base", heritage.expression);
      }
      const inner = node.name?.text ?? "";
      ts.forEachChild(node, (child) => visit(child, inner));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, className));
  };
  visit(sourceFile, "");
  return [...byKey.values()].filter((question): question is ResolvedQuestion => question !== null);
}
