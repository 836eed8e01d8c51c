/**
 * The CLI's cross-module view: a ts-morph `Project` on an in-memory file system over texts the CLI
 * has already read (no second read of the disk), holding only the files that passed the WebSocket
 * prefilter and import another file, the modules they import, and the modules those import (a
 * helper's helper, a barrel's re-export): not the whole import graph. Imports are resolved once, by
 * the run's `ModuleResolver` (TypeScript's module resolution with each file's tsconfig: `paths`, `.js`
 * specifiers naming `.ts` files, workspace packages), and the project is told those answers
 * (`resolutionHost`), so it never looks for a file.
 *
 * ts-morph (with the TypeScript it bundles, about 0.2 s to load) is loaded when the first file asks,
 * and only if some file imports another file of the set. In the project, files are named with `/`
 * (TypeScript's own spelling of paths, also on Windows).
 */
import { createRequire } from "node:module";
import path from "node:path";
import type TypeScript from "typescript";
import { importSpecifiers } from "../compat/import-specifiers.js";
import type { ModuleResolver } from "../compat/module-resolver.js";
import { SOURCE_EXTENSIONS } from "../files/source-extensions.js";
import { NO_CROSS_MODULE_FACTS } from "../analysis/cross-module/module-facts.js";
import { createCrossModuleView, type CrossModuleView } from "./cross-module-view.js";

/** What the CLI gives the view. */
export interface TsMorphViewOptions {
  /** Absolute paths of the files that passed the prefilter: the files asked about. */
  files: Iterable<string>;
  /** A file's text as the CLI read it (`undefined` when it did not read it: the file is left out). */
  textOf: (file: string) => string | undefined;
  /** The run's resolver. */
  resolver: ModuleResolver;
  /** Messages name files relative to it. */
  cwd: string;
}

type Ts = typeof TypeScript;

/** How many levels of imports the project holds: the asked files' imports, and theirs (`MAX_DEPTH`). */
const IMPORT_LEVELS = 2;

const EXTENSIONS: Record<string, string> = {
  ".ts": ".ts", ".mts": ".mts", ".cts": ".cts", ".tsx": ".tsx", ".js": ".js", ".mjs": ".mjs", ".cjs": ".cjs", ".jsx": ".jsx",
};

/**
 * @returns the view. Reading the imports of `files` happens now (the texts are kept for the
 *   project); the project is made on the first `factsFor` that needs it.
 */
export function createTsMorphView(options: TsMorphViewOptions): CrossModuleView {
  // Keyed by TypeScript's spelling of each path (`toTsPath`), as the program names its files.
  const texts = new Map<string, string>();
  const imports = new Map<string, Map<string, string>>();
  const nativePath = new Map<string, string>();
  const readText = (file: string): string | undefined => {
    const text = options.textOf(file);
    if (text !== undefined) nativePath.set(toTsPath(file), file);
    return text;
  };
  for (const file of options.files) {
    const text = readText(file);
    if (text !== undefined) texts.set(toTsPath(file), text);
  }
  const askedWithText = [...texts.keys()];
  let crossesModules = false;
  // The asked files, the modules they import, and the modules those import (helpers of helpers, barrels' re-exports).
  let level = [...texts.keys()];
  for (let depth = 0; depth < IMPORT_LEVELS && level.length > 0; depth++) {
    const next: string[] = [];
    for (const file of level) {
      if (imports.has(file)) continue;
      const targets = new Map<string, string>();
      for (const specifier of importSpecifiers(texts.get(file)!)) {
        const resolved = options.resolver.resolve(specifier, nativePath.get(file) ?? file, null);
        if (!resolved || resolved.includes(`${path.sep}node_modules${path.sep}`)) continue;
        if (!SOURCE_EXTENSIONS.some((extension) => resolved.endsWith(extension)) || resolved.endsWith(".d.ts")) continue;
        const target = toTsPath(resolved);
        const text = texts.get(target) ?? readText(resolved);
        if (text === undefined) continue;
        if (!texts.has(target)) next.push(target);
        texts.set(target, text);
        targets.set(specifier, target);
        crossesModules = true;
      }
      imports.set(file, targets);
    }
    level = next;
  }
  if (!crossesModules) return { factsFor: () => NO_CROSS_MODULE_FACTS };
  // The analysed files another analysed file imports: they may be told of those calls (`CrossModuleFacts.incoming`).
  const importedByAsked = new Set<string>();
  const askedSet = new Set(askedWithText);
  for (const file of askedWithText) for (const target of imports.get(file)?.values() ?? []) if (askedSet.has(target)) importedByAsked.add(target);

  let program: TypeScript.Program | null = null;
  let ts: Ts | null = null;
  const makeProgram = (): TypeScript.Program => {
    if (program) return program;
    const morph = createRequire(import.meta.url)("ts-morph") as typeof import("ts-morph");
    ts = morph.ts as unknown as Ts;
    const project = new morph.Project({
      useInMemoryFileSystem: true,
      skipLoadingLibFiles: true,
      skipFileDependencyResolution: true,
      compilerOptions: {
        allowJs: true,
        noLib: true,
        noEmit: true,
        types: [],
        target: morph.ts.ScriptTarget.ESNext,
        module: morph.ts.ModuleKind.ESNext,
        moduleResolution: morph.ts.ModuleResolutionKind.Bundler,
      },
      resolutionHost: () => ({
        resolveModuleNames: (names: string[], containingFile: string) =>
          names.map((name) => {
            const target = imports.get(containingFile)?.get(name);
            if (!target) return undefined;
            const extension = EXTENSIONS[path.extname(target)] ?? ".ts";
            return { resolvedFileName: target, extension: extension as TypeScript.Extension, isExternalLibraryImport: false };
          }),
      }),
    });
    // Only the files that ask something (they import a file of the set) and the modules they reach: an asked
    // file that imports nothing of the set is no question and no answer.
    const needed = new Set<string>();
    const reach = (file: string, depth: number): void => {
      if (needed.has(file) || !texts.has(file)) return;
      needed.add(file);
      if (depth < IMPORT_LEVELS) for (const target of imports.get(file)?.values() ?? []) reach(target, depth + 1);
    };
    for (const file of askedWithText) if (imports.get(file)?.size) reach(file, 0);
    for (const file of needed) project.createSourceFile(file, texts.get(file)!);
    program = project.getProgram().compilerObject as unknown as TypeScript.Program;
    return program;
  };
  const view = createCrossModuleView({
    get ts() {
      makeProgram();
      return ts!;
    },
    program: makeProgram,
    textOf: (file) => texts.get(file),
    analysed: askedSet,
    displayPath: (file) => path.relative(options.cwd, nativePath.get(file) ?? file).split(path.sep).join("/"),
  });
  return {
    factsFor: (file) => {
      const name = toTsPath(file);
      // Only a file with an import of the set asks anything, and only one another imports is called from the set.
      if (!imports.get(name)?.size && !importedByAsked.has(name)) return NO_CROSS_MODULE_FACTS;
      return view.factsFor(name);
    },
  };
}

/** A path as TypeScript spells it: `/` between its parts. */
function toTsPath(file: string): string {
  return path.sep === "/" ? file : file.split(path.sep).join("/");
}
