// The layers hold (CONTRIBUTING "Layout"): read from the import statements of
// every source file (static imports, re-exports and `import()`), each resolved
// to the file it names.
import { parse, type TSESTree } from "@typescript-eslint/typescript-estree";
import { visitorKeys } from "@typescript-eslint/visitor-keys";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** One import of a file: what it names (a repository path, or a package name), and whether it imports types only. */
interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** Every `.ts` file under `dir` (repository-relative, `/`-separated). */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(projectRoot, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => path.posix.join(dir, file.split(path.sep).join("/")));
}

/** The imports of the file `from` whose text is `text`; a relative specifier is resolved to a repository path. */
function importsOf(from: string, text: string): ImportEdge[] {
  const program = parse(text, { range: false, loc: false, jsx: false });
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean): void => {
    const to = specifier.startsWith(".") ? path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)) : specifier;
    edges.push({ from, to, typeOnly });
  };
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as TSESTree.Node;
    if (n.type === "ImportDeclaration") {
      const typeOnly = n.importKind === "type" || (n.specifiers.length > 0 && n.specifiers.every((s) => s.type === "ImportSpecifier" && s.importKind === "type"));
      add(String(n.source.value), typeOnly);
    } else if ((n.type === "ExportNamedDeclaration" || n.type === "ExportAllDeclaration") && n.source) {
      add(String(n.source.value), n.exportKind === "type");
    } else if (n.type === "ImportExpression" && n.source.type === "Literal") {
      add(String(n.source.value), false);
    } else if (n.type === "TSImportType") {
      // `typeof import("…")` in a type: a type-only import.
      add(String(n.source.value), true);
    }
    for (const key of visitorKeys[n.type] ?? []) visit((n as unknown as Record<string, unknown>)[key]);
  };
  visit(program);
  return edges;
}

/** A layer rule: imports from files under `from` into `to` are forbidden (or only types are allowed). */
interface LayerRule {
  from: string;
  to: string;
  allow: "nothing" | "types";
  why: string;
}

const LAYER_RULES: readonly LayerRule[] = [
  { from: "src/compat/", to: "src/analysis/", allow: "types", why: "the mode of a file knows nothing of sockets" },
  { from: "src/files/", to: "src/analysis/", allow: "nothing", why: "files on disk know nothing of sockets" },
  { from: "src/upgrade/", to: "src/cli/", allow: "nothing", why: "upgrade is an API; the CLI presents it" },
  { from: "src/git/", to: "src/cli/", allow: "nothing", why: "git answers questions; the CLI asks them" },
  { from: "src/git/", to: "src/migrate/", allow: "nothing", why: "git answers questions; migrate asks them" },
  { from: "src/cli/", to: "rules/", allow: "nothing", why: "rule metadata comes from the core's rule table" },
  { from: "src/analysis/", to: "src/cli/", allow: "nothing", why: "the core serves the CLI, not the other way" },
  { from: "src/analysis/", to: "src/migrate/", allow: "nothing", why: "the core serves migrate" },
  { from: "src/analysis/", to: "src/module-view/", allow: "nothing", why: "the core is told about other modules; it never resolves them" },
  { from: "src/analysis/", to: "ts-morph", allow: "nothing", why: "the core reads no program" },
  { from: "src/module-view/", to: "src/migrate/", allow: "nothing", why: "the view serves migrate and the ESLint rules" },
  { from: "src/analysis/", to: "rules/", allow: "nothing", why: "the core imports neither ESLint adapters" },
  { from: "src/analysis/", to: "codemods/", allow: "nothing", why: "nor jscodeshift transforms" },
  { from: "src/analysis/", to: "eslint", allow: "nothing", why: "the core imports neither ESLint" },
  { from: "src/analysis/", to: "jscodeshift", allow: "nothing", why: "nor jscodeshift" },
];

function violations(edges: readonly ImportEdge[], rules: readonly LayerRule[] = LAYER_RULES): string[] {
  const found: string[] = [];
  for (const edge of edges) {
    for (const rule of rules) {
      const target = rule.to.endsWith("/") ? edge.to.startsWith(rule.to) : edge.to === rule.to || edge.to.startsWith(`${rule.to}/`);
      if (!edge.from.startsWith(rule.from) || !target) continue;
      if (rule.allow === "types" && edge.typeOnly) continue;
      found.push(`${edge.from} imports ${edge.typeOnly ? "types from " : ""}${edge.to}: ${rule.why}`);
    }
  }
  return found;
}

describe("import directions", () => {
  const files = [...sourceFiles("src"), ...sourceFiles("rules"), ...sourceFiles("codemods")];
  const edges = files.flatMap((file) => importsOf(file, readFileSync(path.join(projectRoot, file), "utf8")));

  it("reads the imports of every source file", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(edges.some((edge) => edge.from === "src/cli/sarif-rule-descriptors.ts" && edge.to === "src/analysis/rules/index.js")).toBe(true);
    expect(edges.some((edge) => edge.from === "src/cli/upgrade-command.ts" && edge.to === "src/cli/format-upgrade-text.js")).toBe(true);
  });

  it("has no import against the layers", () => {
    expect(violations(edges)).toEqual([]);
  });

  it("flags each kind of import against a layer, and lets type imports through where allowed", () => {
    const text = [
      `import { formatText } from "../cli/format-text.js";`,
      `export { migrate } from "../migrate/migrate.js";`,
      `const lazy = () => import("../cli/run-cli.js");`,
    ].join("\n");
    expect(violations(importsOf("src/git/example.ts", text))).toEqual([
      "src/git/example.ts imports src/cli/format-text.js: git answers questions; the CLI asks them",
      "src/git/example.ts imports src/migrate/migrate.js: git answers questions; migrate asks them",
      "src/git/example.ts imports src/cli/run-cli.js: git answers questions; the CLI asks them",
    ]);
    const compat = `import type { Finding } from "../analysis/types.js";\nimport { type RuleId } from "../analysis/index.js";\nimport { RULES } from "../analysis/index.js";`;
    expect(violations(importsOf("src/compat/example.ts", compat))).toEqual([
      "src/compat/example.ts imports src/analysis/index.js: the mode of a file knows nothing of sockets",
    ]);
    expect(violations(importsOf("src/analysis/example.ts", `import { ESLint } from "eslint";`))).toHaveLength(1);
  });
});
