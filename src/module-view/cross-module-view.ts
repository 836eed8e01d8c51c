/**
 * The cross-module view (issue 11, DESIGN "Across modules"): for one file, the
 * facts the core needs about the modules it imports (`CrossModuleFacts`), from
 * a TypeScript program that holds the file and those modules. The program
 * answers which declaration a name refers to (`declaration-questions.ts`); the
 * core's own model functions, run on the declaring file's ESTree, say what that
 * declaration does with a socket (`summarize-declarations.ts`). A declaring file
 * is analysed with its own facts too, so a helper that hands the socket to a
 * third module is followed, up to `MAX_DEPTH` modules away.
 *
 * Never throws: a file that does not parse, or a name the program cannot
 * resolve, is simply no fact (the rules stay silent on it).
 */
import type TypeScript from "typescript";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walkAst } from "../analysis/ast/ast-traversal.js";
import { ScopeIndex } from "../analysis/ast/scope-lookup.js";
import { CrossModuleLookup, NO_CROSS_MODULE_FACTS, type ClassFacts, type CrossModuleFacts, type FunctionFacts, type IncomingCode } from "../analysis/cross-module/module-facts.js";
import { incomingCodesFromFile } from "../analysis/cross-module/close-code-params.js";
import { summarizeClass, summarizeFunction, type DeclaringFile } from "../analysis/cross-module/summarize-declarations.js";
import type { FunctionNode } from "../analysis/model/same-file-functions.js";
import { parseSource } from "../analysis/parse/parse-source.js";
import { unwrapExpression } from "../analysis/ast/expressions.js";
import { resolveQuestions, type ForeignDeclaration, type ResolvedQuestion } from "./declaration-questions.js";

type Ts = typeof TypeScript;

/** How many modules away a socket is followed: the file's imports, and theirs. */
export const MAX_DEPTH = 2;

/** What the view reads from. */
export interface ProgramSource {
  /** The `typescript` namespace the program is made with. */
  ts: Ts;
  /** The program (made on first use). */
  program: () => TypeScript.Program;
  /** A declaring file's text (the program's own text of it when omitted). */
  textOf?: (fileName: string) => string | undefined;
  /** How messages name a file: relative to the run's directory, `/`-separated. */
  displayPath: (fileName: string) => string;
  /**
   * The files the run analyses (as the program names them), when the view may tell a module of the calls
   * other modules make of it (`CrossModuleFacts.incoming`): only a run that reads every caller can. Default
   * none (typed ESLint lints one file at a time).
   */
  analysed?: ReadonlySet<string>;
}

/** One file's facts about the modules it imports, on demand and cached. */
export interface CrossModuleView {
  /** @returns the facts for `fileName` (an absolute path as the program names it); empty facts when it knows none. */
  factsFor(fileName: string): CrossModuleFacts;
}

/** The node a declaration's name starts: a function, method, function-valued `const` or property, or a class. */
function declarationNode(ast: TSESTree.Program, declaration: ForeignDeclaration): FunctionNode | TSESTree.ClassDeclaration | null {
  let found: FunctionNode | TSESTree.ClassDeclaration | null = null;
  walkAst(ast, (node) => {
    if (found || node.range[1] < declaration.nameStart || node.range[0] > declaration.nameStart) return false;
    if (node.type !== "Identifier" || node.range[0] !== declaration.nameStart) return true;
    const parent = node.parent;
    if (declaration.kind === "class") {
      if (parent?.type === "ClassDeclaration" && parent.id === node) found = parent;
      return false;
    }
    if (declaration.constructorOfClass) {
      const constructor = parent?.type === "ClassDeclaration" && parent.id === node
        ? parent.body.body.find((member) => member.type === "MethodDefinition" && member.kind === "constructor")
        : undefined;
      if (constructor?.type === "MethodDefinition" && constructor.value.type === "FunctionExpression") found = constructor.value;
      return false;
    }
    if (parent?.type === "FunctionDeclaration" && parent.id === node) found = parent;
    else if ((parent?.type === "MethodDefinition" || parent?.type === "PropertyDefinition") && parent.key === node && parent.value) {
      const value = unwrapExpression(parent.value);
      if (value.type === "FunctionExpression" || value.type === "ArrowFunctionExpression") found = value;
    } else if (parent?.type === "VariableDeclarator" && parent.id === node && parent.init) {
      const value = unwrapExpression(parent.init);
      if (value.type === "FunctionExpression" || value.type === "ArrowFunctionExpression") found = value;
    }
    return false;
  });
  return found;
}

/**
 * @param source the program and how to name its files.
 * @returns the view; nothing is computed before the first `factsFor`.
 */
export function createCrossModuleView(source: ProgramSource): CrossModuleView {
  const parsed = new Map<string, DeclaringFile | null>();
  const questions = new Map<string, ResolvedQuestion[]>();
  const questionsAt = (fileName: string): ResolvedQuestion[] => {
    let known = questions.get(fileName);
    if (!known) {
      try {
        known = resolveQuestions(source.ts, source.program(), fileName);
      } catch {
        known = [];
      }
      questions.set(fileName, known);
    }
    return known;
  };
  const summaries = new Map<string, FunctionFacts | ClassFacts | null>();
  const facts = new Map<string, CrossModuleFacts>();
  const computing = new Set<string>();

  const declaringFile = (fileName: string, depth: number): DeclaringFile | null => {
    if (parsed.has(fileName)) return parsed.get(fileName)!;
    let result: DeclaringFile | null = null;
    try {
      const text = source.textOf?.(fileName) ?? source.program().getSourceFile(fileName)?.text;
      if (text !== undefined) {
        const { ast, scopeManager } = parseSource(text, fileName);
        const scope = new ScopeIndex(scopeManager);
        const own = depth < MAX_DEPTH ? factsAt(fileName, depth) : NO_CROSS_MODULE_FACTS;
        scope.crossModule = new CrossModuleLookup(own, text);
        result = { ast, scope, file: source.displayPath(fileName) };
      }
    } catch {
      result = null;
    }
    parsed.set(fileName, result);
    return result;
  };

  const summary = (declaration: ForeignDeclaration, depth: number): FunctionFacts | ClassFacts | null => {
    const id = `${declaration.fileName}\0${declaration.nameStart}`;
    if (summaries.has(id)) return summaries.get(id)!;
    summaries.set(id, null); // a cycle meets "unknown"
    const declaring = declaringFile(declaration.fileName, depth + 1);
    const node = declaring ? declarationNode(declaring.ast, declaration) : null;
    let result: FunctionFacts | ClassFacts | null = null;
    try {
      if (declaring && node) {
        result = node.type === "ClassDeclaration" ? summarizeClass(node, declaring) : summarizeFunction(node, declaration.name, declaring);
      }
    } catch {
      result = null;
    }
    // The declaring module is analysed in this run: it is told of the calls (`incoming`) and reports there.
    if (result?.kind === "function" && source.analysed?.has(declaration.fileName)) {
      for (const param of result.params) if (param?.closeCode) param.closeCode.reportedThere = true;
    }
    summaries.set(id, result);
    return result;
  };

  function factsAt(fileName: string, depth: number): CrossModuleFacts {
    const known = facts.get(fileName);
    if (known) return known;
    if (computing.has(fileName)) return NO_CROSS_MODULE_FACTS;
    computing.add(fileName);
    const result: CrossModuleFacts = { callees: {}, bases: {} };
    try {
      for (const question of questionsAt(fileName)) {
        const answer = summary(question.declaration, depth);
        if (answer?.kind === "function" && question.kind === "callee") result.callees[question.key] = answer;
        else if (answer?.kind === "class" && question.kind === "base") result.bases[question.key] = answer;
      }
    } catch {
      // No program, or a file it does not hold: no facts.
    }
    computing.delete(fileName);
    facts.set(fileName, result);
    return result;
  }

  // The run's calls into each file, by declaring file: every analysed file's questions, read once.
  let callersByFile: Map<string, Map<string, ResolvedQuestion[]>> | null = null;
  const callersOf = (fileName: string): Map<string, ResolvedQuestion[]> => {
    if (!callersByFile) {
      callersByFile = new Map();
      for (const caller of source.analysed ?? []) {
        for (const question of questionsAt(caller)) {
          if (question.kind !== "callee") continue;
          let byCaller = callersByFile.get(question.declaration.fileName);
          if (!byCaller) callersByFile.set(question.declaration.fileName, (byCaller = new Map()));
          let list = byCaller.get(caller);
          if (!list) byCaller.set(caller, (list = []));
          list.push(question);
        }
      }
    }
    return callersByFile.get(fileName) ?? new Map();
  };

  /** The calls the run's other files make of `fileName`'s functions that bring them a received close code. */
  function incomingAt(fileName: string): Record<string, IncomingCode[]> {
    const incoming: Record<string, IncomingCode[]> = {};
    for (const [caller, asked] of callersOf(fileName)) {
      if (caller === fileName) continue;
      const wanted = new Map<string, FunctionFacts>();
      for (const question of asked) {
        const answer = summary(question.declaration, 0);
        if (answer?.kind === "function" && answer.params.some((param) => param?.closeCode)) wanted.set(question.key, answer);
      }
      if (wanted.size === 0) continue;
      const calling = declaringFile(caller, 1);
      const text = calling ? (source.textOf?.(caller) ?? source.program().getSourceFile(caller)?.text) : undefined;
      if (!calling || text === undefined) continue;
      try {
        for (const { name, entry } of incomingCodesFromFile({ ...calling, text }, wanted)) (incoming[name] ??= []).push(entry);
      } catch {
        // A caller the core cannot read tells nothing.
      }
    }
    return incoming;
  }

  return {
    factsFor: (fileName) => {
      const own = factsAt(fileName, 0);
      if (!source.analysed?.has(fileName)) return own;
      const incoming = incomingAt(fileName);
      return Object.keys(incoming).length > 0 ? { ...own, incoming } : own;
    },
  };
}
