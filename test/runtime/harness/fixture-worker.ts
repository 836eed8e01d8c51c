// Turns a fixture directory (a wrangler config and sources) into what workerd serves:
// transpiled (or, with npm imports, bundled) modules, Durable Object namespaces,
// compatibility settings.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseJsonc, type ParseError } from "jsonc-parser";
import { parse as parseToml } from "smol-toml";
import ts from "typescript";
import { AUTO_REPLY_TO_CLOSE, modeForSettings } from "../../../src/compat/index.js";
import type { CompatResolution } from "../../../src/compat/index.js";
import type { DurableObjectSpec, WorkerModule } from "./workerd-config.js";

/**
 * A module's source as workerd runs it: TypeScript (`.ts`, `.mts`, `.tsx`) is
 * transpiled with `ts.transpileModule` (types erased, ES2022, ES modules, no type
 * check); JavaScript is returned unchanged.
 *
 * @param filePath used for the extension and for TypeScript's diagnostics.
 * @throws {Error} TypeScript reports a syntax error (with file and message).
 */
export function workerSource(filePath: string, source: string): string {
  if (!/\.(?:ts|mts|tsx)$/u.test(filePath)) return source;
  const result = ts.transpileModule(source, {
    fileName: filePath,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      jsx: ts.JsxEmit.ReactJSX,
      verbatimModuleSyntax: false,
      sourceMap: false,
    },
  });
  const error = result.diagnostics?.find((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (error) throw new Error(`${filePath}: ${ts.flattenDiagnosticMessageText(error.messageText, "\n")}`);
  return result.outputText;
}

/** True when the ES module `source` has a default export (`export default`, or `export { x as default }`). */
export function hasDefaultExport(source: string): boolean {
  const file = ts.createSourceFile("module.js", source, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  return file.statements.some((statement) => {
    if (ts.isExportAssignment(statement)) return !statement.isExportEquals;
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      return statement.exportClause.elements.some((element) => element.name.text === "default");
    }
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
    return (
      modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) === true &&
      modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)
    );
  });
}

/**
 * Package specifiers a JavaScript module imports (`import ... from "hono"`,
 * `export ... from`, `import("x")` with a literal): every specifier that is not
 * relative, absolute, or a runtime built-in (`cloudflare:`, `node:`, `workerd:`).
 * Pass transpiled TypeScript ({@link workerSource}), so type-only imports are gone.
 * A module with package imports is served bundled ({@link bundledWorkerSource}).
 *
 * @returns the specifiers, sorted, without duplicates.
 */
export function packageImports(source: string): string[] {
  const file = ts.createSourceFile("module.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    let specifier: ts.Expression | undefined;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) specifier = node.moduleSpecifier;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) specifier = node.arguments[0];
    if (specifier && ts.isStringLiteral(specifier)) {
      const name = specifier.text;
      if (!/^(?:\.{0,2}\/|cloudflare:|node:|workerd:)/u.test(name)) found.add(name);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return [...found].sort();
}

/**
 * Relative specifiers a JavaScript module imports (`import ... from "./session"`,
 * `export ... from`, `import("./x.js")` with a literal), as written. Pass
 * transpiled TypeScript ({@link workerSource}), so type-only imports are gone.
 *
 * @returns the specifiers, sorted, without duplicates.
 */
export function relativeImports(source: string): string[] {
  const file = ts.createSourceFile("module.js", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    let specifier: ts.Expression | undefined;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) specifier = node.moduleSpecifier;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) specifier = node.arguments[0];
    if (specifier && ts.isStringLiteral(specifier) && /^\.{1,2}\//u.test(specifier.text)) found.add(specifier.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return [...found].sort();
}

/**
 * The other modules of a multi-module fixture (`session.ts` beside `input.ts`),
 * as workerd serves them beside the fixture file in every run: each transpiled
 * ({@link workerSource}) and named as its importers name it. workerd resolves
 * `./session` from `<service>/input.js` (or the wrapper's `fixture.js`) to the
 * module `<service>/session`, adding no extension, so a module is served under
 * each specifier the fixture's files use for it, normalised (`session`,
 * `session.js`); each name is its own module instance, so a fixture should import
 * a module by one specifier.
 *
 * @param modulePaths the fixture's other source files (absolute, in its directory).
 * @param importerSources the transpiled sources of the files that run (input, output).
 * @returns `[]` when the fixture has no other modules.
 * @throws {Error} a relative import that leaves the fixture's directory or names no
 *   module of it (the run would fail in workerd with a less clear message).
 */
export function siblingModules(modulePaths: readonly string[], importerSources: readonly string[]): WorkerModule[] {
  const transpiled = modulePaths.map((modulePath) => ({
    modulePath,
    stem: path.basename(modulePath).replace(/\.[^.]+$/u, ""),
    source: workerSource(modulePath, readFileSync(modulePath, "utf8")),
  }));
  const served = new Map<string, string>();
  for (const importer of [...importerSources, ...transpiled.map((module) => module.source)]) {
    for (const specifier of relativeImports(importer)) {
      const name = path.posix.normalize(specifier);
      const stem = name.replace(/\.(?:[cm]?[jt]s|tsx|jsx)$/u, "");
      const module = name.startsWith("../") || name.includes("/") ? undefined : transpiled.find((candidate) => candidate.stem === stem);
      if (!module) throw new Error(`a fixture file imports "${specifier}", which is not a module beside it (${modulePaths.map((file) => path.basename(file)).join(", ") || "none"})`);
      served.set(name, module.source);
    }
  }
  return [...served].map(([name, source]) => ({ path: name, source }));
}

/** Runtime built-ins that a bundle leaves as imports: workerd resolves them. */
const RUNTIME_BUILTINS = ["cloudflare:*", "node:*", "workerd:*"];

/**
 * `filePath` and the npm packages it imports, bundled into one ES module by
 * esbuild as wrangler bundles a Worker: the `workerd`, `worker` and `browser`
 * export conditions, then the `browser`, `module` and `main` fields; runtime
 * built-ins (`cloudflare:*`, `node:*`, `workerd:*`) stay imports. TypeScript is
 * compiled with the settings of {@link workerSource} (the repository's
 * tsconfig is not read). Packages resolve from `node_modules` above the file;
 * `packageAliases` (runtime.json `packages`) bundles another package in place of one.
 *
 * @returns the bundle's JavaScript, and the names it exports (the module's own).
 * @throws {Error} esbuild fails (a package that does not resolve, a syntax error); the message lists its errors.
 */
export async function bundledWorkerSource(
  filePath: string,
  packageAliases: Readonly<Record<string, string>> = {},
): Promise<{ source: string; exports: string[] }> {
  // Loaded on first use: most runs bundle nothing.
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [filePath],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    external: RUNTIME_BUILTINS,
    alias: { ...packageAliases },
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: false } },
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`${filePath}: esbuild produced no output`);
  return { source: output.text, exports: Object.values(result.metafile.outputs)[0]?.exports ?? [] };
}

/**
 * The modules of a fixture Worker: the fixture file itself as `<name>.js`, or,
 * with an entry wrapper, the wrapper as `entry.js` (main) and the fixture as
 * `fixture.js` (which the wrapper imports). The fixture is transpiled
 * ({@link workerSource}); only when it imports npm packages
 * ({@link packageImports}) is it bundled with them ({@link bundledWorkerSource}),
 * which costs more time.
 *
 * A multi-module fixture's other modules ({@link siblingModules}) follow, the same for input and output.
 *
 * @param fixtureFile `input.ts`, `output.js`, ... (absolute).
 * @param entryWrapper absolute path of a wrapper module, or `undefined`.
 * @param packageAliases packages bundled in place of the ones imported (runtime.json `packages`).
 * @param siblings the fixture's other modules, served beside it (a bundle has them inlined already).
 * @throws {Error} the fixture (without a wrapper) has no default export: add a
 *   `runtime.json` `entry` rather than let the fixture go untested; or as
 *   {@link workerSource} and {@link bundledWorkerSource}.
 */
export async function fixtureModules(
  fixtureFile: string,
  entryWrapper: string | undefined,
  packageAliases: Readonly<Record<string, string>> = {},
  siblings: readonly WorkerModule[] = [],
): Promise<WorkerModule[]> {
  const transpiled = workerSource(fixtureFile, readFileSync(fixtureFile, "utf8"));
  // A bundle is large: its exports come from esbuild rather than from parsing it again.
  const bundle = packageImports(transpiled).length > 0 ? await bundledWorkerSource(fixtureFile, packageAliases) : undefined;
  const source = bundle?.source ?? transpiled;
  const base = path.basename(fixtureFile).replace(/\.[^.]+$/u, "");
  if (entryWrapper === undefined) {
    if (!(bundle ? bundle.exports.includes("default") : hasDefaultExport(source))) {
      throw new Error(`${fixtureFile} has no default export; name an entry wrapper in runtime.json ("entry")`);
    }
    return [{ path: `${base}.js`, source }, ...(bundle ? [] : siblings)];
  }
  return [
    { path: "entry.js", source: readFileSync(entryWrapper, "utf8") },
    { path: "fixture.js", source },
    ...(bundle ? [] : siblings),
  ];
}

/**
 * Durable Object namespaces a wrangler config declares at the top level:
 * `durable_objects.bindings[]` (`name`, `class_name`) of this Worker (bindings
 * with a `script_name` belong to another Worker and are skipped); a class listed
 * in any `migrations[].new_sqlite_classes` gets `enableSql`.
 *
 * @param configPath `wrangler.json`, `wrangler.jsonc` or `wrangler.toml`.
 * @returns `[]` when none are declared.
 * @throws {Error} the file does not parse, or a binding lacks `name` or `class_name`.
 */
export function readDurableObjectBindings(configPath: string): DurableObjectSpec[] {
  const text = readFileSync(configPath, "utf8").replace(/^\uFEFF/u, "");
  let data: unknown;
  if (configPath.endsWith(".toml")) {
    data = parseToml(text);
  } else {
    const errors: ParseError[] = [];
    data = parseJsonc(text, errors, { allowTrailingComma: true });
    if (errors.length > 0) throw new Error(`${configPath}: invalid JSON at offset ${errors[0]?.offset}`);
  }
  const config = (data ?? {}) as {
    durable_objects?: { bindings?: { name?: unknown; class_name?: unknown; script_name?: unknown }[] };
    migrations?: { new_sqlite_classes?: unknown[] }[];
  };
  const sqlite = new Set((config.migrations ?? []).flatMap((migration) => migration.new_sqlite_classes ?? []));
  return (config.durable_objects?.bindings ?? [])
    .filter((binding) => binding.script_name === undefined)
    .map((binding) => {
      if (typeof binding.name !== "string" || typeof binding.class_name !== "string") {
        throw new Error(`${configPath}: a durable_objects binding needs a string name and class_name`);
      }
      return { className: binding.class_name, binding: binding.name, enableSql: sqlite.has(binding.class_name) };
    });
}

/** One compatibility configuration a fixture Worker runs under. */
export interface RuntimeCompat {
  /** Short, unique within a fixture: `old`, `new`, `own` or `env-<name>` (`env-top` for the top level). */
  slug: string;
  /** `YYYY-MM-DD`. */
  date: string;
  flags: string[];
  /** The mode of this date and these flags (docs/runtime-behaviour.md#the-auto-reply-flag-and-its-date). */
  mode: "auto" | "manual";
}

/** The configurations of a fixture, from its compat resolution. */
export interface FixtureCompat {
  /** Every configuration the fixture's files run under (one per wrangler environment). */
  environments: RuntimeCompat[];
  /** Where the unmigrated code ran before the migration: a manual-mode configuration. */
  old: RuntimeCompat;
  /** Where the migrated code runs: the fixture's auto-mode configuration, or its own when it has none. */
  new: RuntimeCompat;
}

/** Date used as "old" for a fixture whose every environment is `auto` (a date before the auto reply's, docs/runtime-behaviour.md#the-auto-reply-flag-and-its-date). */
export const OLD_DATE = "2026-01-01";

/**
 * The runtime configurations of a fixture, derived from its wrangler resolution
 * (`resolveCompatForFile` of its input, exactly what the transform used):
 * - `auto`: `new` is the environment; `old` is the same flags without
 *   `web_socket_auto_reply_to_close` on {@link OLD_DATE} (or the environment's
 *   date when that is already before 2026-04-07), which is `manual`.
 * - `manual`: `old` and `new` are the environment itself (`own`).
 * - `mixed`: `old` is the first manual environment, `new` the first auto one;
 *   both run input and output.
 *
 * @throws {Error} mode `unknown` (no compatibility date: the fixture cannot run).
 */
export function fixtureCompat(resolution: CompatResolution, fixtureName: string): FixtureCompat {
  const known = resolution.environments.filter(
    (environment): environment is typeof environment & { mode: "auto" | "manual"; compatibilityDate: string } =>
      environment.mode !== "unknown" && environment.compatibilityDate !== null,
  );
  if (resolution.mode === "unknown" || known.length === 0) {
    throw new Error(`Fixture ${fixtureName} has no compatibility date, so it cannot run in workerd`);
  }
  const single = known.length === 1;
  const environments: RuntimeCompat[] = known.map((environment) => ({
    slug: single ? (environment.mode === "auto" ? "new" : "own") : `env-${environment.name ?? "top"}`,
    date: environment.compatibilityDate,
    flags: [...environment.compatibilityFlags],
    mode: environment.mode,
  }));
  const auto = environments.find((environment) => environment.mode === "auto");
  const manual = environments.find((environment) => environment.mode === "manual");
  if (auto && manual) return { environments, old: manual, new: auto };
  if (manual) return { environments, old: manual, new: manual };
  const current = auto as RuntimeCompat;
  const flags = current.flags.filter((flag) => flag !== AUTO_REPLY_TO_CLOSE.enableFlag);
  const date = current.date < AUTO_REPLY_TO_CLOSE.defaultOnFrom ? current.date : OLD_DATE;
  if (modeForSettings(date, flags) !== "manual") throw new Error(`Fixture ${fixtureName}: no manual configuration derivable`);
  return { environments, old: { slug: "old", date, flags, mode: "manual" }, new: current };
}
