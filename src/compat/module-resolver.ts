/**
 * Resolves the import specifiers of a Worker's modules to files, with
 * TypeScript's own module resolution (`ts.resolveModuleName`, the function
 * ts-morph's `Project` and `tsc` use): tsconfig `paths`, `.js` specifiers that
 * name `.ts` files, directory `index` files, `package.json` `exports` of
 * workspace packages (followed through their `node_modules` symlink to the
 * real file).
 *
 * Which tsconfig: the nearest `tsconfig.json` walking up from the importing
 * file (as esbuild, which wrangler bundles with, picks one per file), with its
 * `extends`; when that does not resolve a specifier, the Worker's own nearest
 * tsconfig is tried too (a shared package that leans on the Worker's aliases);
 * with no tsconfig at all, {@link DEFAULT_COMPILER_OPTIONS}. JavaScript is
 * always allowed (`allowJs`), and the classic resolution (no `node_modules`,
 * no index files) is replaced by `bundler`, which is what wrangler's esbuild does.
 *
 * TypeScript is loaded with `require` from this package: it is the copy the
 * parser (`@typescript-eslint/typescript-estree`) loads, so a run loads it once
 * (ts-morph bundles a second copy of TypeScript that costs about 0.4 s to load).
 * Nothing is type-checked and no file is parsed here.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type * as TypeScript from "typescript";
import { SOURCE_EXTENSIONS } from "../files/source-extensions.js";

type Ts = typeof TypeScript;

let loadedTs: Ts | undefined;

/** The `typescript` module, loaded on first use (CommonJS `require`: twice as fast as an ESM import of it). */
export function loadTypeScript(): Ts {
  loadedTs ??= createRequire(import.meta.url)("typescript") as Ts;
  return loadedTs;
}

/**
 * Compiler options used where no tsconfig governs a file: ES modules resolved
 * as a bundler does, JavaScript allowed.
 */
export const DEFAULT_COMPILER_OPTIONS = {
  allowJs: true,
  module: "esnext",
  moduleResolution: "bundler",
  target: "esnext",
} as const;


interface DirectoryEntries {
  files: Set<string>;
  directories: Set<string>;
}

interface ResolutionSettings {
  /** Absolute path of the tsconfig, or `null` for the defaults. */
  tsconfigPath: string | null;
  options: TypeScript.CompilerOptions;
  cache: TypeScript.ModuleResolutionCache;
}

/**
 * One run's module resolver. Every file-system answer (a directory's listing, the tsconfig of a
 * directory, real paths of directories) is cached for the resolver's
 * lifetime: build one per run, not per file.
 */
export class ModuleResolver {
  private readonly ts: Ts;
  private readonly entriesByDirectory = new Map<string, DirectoryEntries | null>();
  private readonly realpathCache = new Map<string, string>();
  private readonly tsconfigOfDirectory = new Map<string, string | null>();
  private readonly settingsByTsconfig = new Map<string | null, ResolutionSettings>();
  /**
   * Answers by (tsconfig, importing directory and extension, specifier): a shared package's modules are
   * walked once per Worker that imports them, and resolve the same way each time.
   */
  private readonly resolutions = new Map<string, string | null>();
  private readonly host: TypeScript.ModuleResolutionHost;

  constructor() {
    this.ts = loadTypeScript();
    this.host = {
      fileExists: (file) => this.fileExists(file),
      directoryExists: (dir) => this.directoryExists(dir),
      readFile: (file) => readTextFile(file),
      realpath: (file) => this.realpathOfDirectory(file),
      getCurrentDirectory: () => process.cwd(),
    };
  }

  /**
   * The nearest `tsconfig.json` walking up from `directory`.
   *
   * @param directory an absolute directory.
   * @returns its absolute path, or `null` when there is none up to the file-system root.
   */
  nearestTsconfig(directory: string): string | null {
    const cached = this.tsconfigOfDirectory.get(directory);
    if (cached !== undefined) return cached;
    const candidate = path.join(directory, "tsconfig.json");
    const parent = path.dirname(directory);
    const found = this.fileExists(candidate) ? candidate : parent === directory ? null : this.nearestTsconfig(parent);
    this.tsconfigOfDirectory.set(directory, found);
    return found;
  }

  /**
   * Resolves one import specifier of `fromFile` to a Worker module.
   *
   * @param specifier as written (`"./room.js"`, `"@shared/socket"`, `"hono"`).
   * @param fromFile absolute path of the importing file.
   * @param workerTsconfig the Worker's tsconfig: tried when the importing file's own does not resolve the specifier,
   *   or first when `explicit`.
   * @param explicit true when `workerTsconfig` is the one the wrangler config names (its `tsconfig` key): wrangler
   *   builds every module of the Worker with it, so it goes before the importing file's own.
   * @returns the real (symlinks resolved) absolute path of the target, or `null` when it does not resolve, or
   *   resolves inside `node_modules`, to a declaration file, to JSON, or to anything without a
   *   source extension (`SOURCE_EXTENSIONS`). Never throws for missing files or broken tsconfigs (a tsconfig that does
   *   not parse counts as absent).
   */
  resolve(specifier: string, fromFile: string, workerTsconfig: string | null, explicit = false): string | null {
    const own = this.nearestTsconfig(path.dirname(fromFile));
    const [first, second] = explicit ? [workerTsconfig, own] : [own, workerTsconfig];
    const resolved = this.resolveWith(specifier, fromFile, first);
    if (resolved !== null || first === second) return resolved;
    return this.resolveWith(specifier, fromFile, second);
  }

  /** `fs.realpathSync.native`, cached; the path itself when it does not exist. */
  realpath(file: string): string {
    let real = this.realpathCache.get(file);
    if (real === undefined) {
      try {
        real = fs.realpathSync.native(file);
      } catch {
        real = file;
      }
      this.realpathCache.set(file, real);
    }
    return real;
  }

  /**
   * The real path of `file`'s directory joined with its name: symlinked directories (a workspace package linked into
   * `node_modules`, macOS's `/tmp`) are resolved with one cached call per directory, not one per file. A file that
   * is itself a symlink keeps its own name.
   */
  realpathOfDirectory(file: string): string {
    return path.join(this.realpath(path.dirname(file)), path.basename(file));
  }

  /** True when `file` exists and is a file (or a symlink to one). */
  fileExists(file: string): boolean {
    return this.entriesOf(path.dirname(file))?.files.has(path.basename(file)) ?? false;
  }

  private directoryExists(dir: string): boolean {
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    return this.entriesOf(parent)?.directories.has(path.basename(dir)) ?? false;
  }

  /**
   * One listing per directory answers every existence check in it: resolution tries several candidate names per
   * specifier (`x.ts`, `x.tsx`, `x.d.ts`, `x/index.ts`, …), and most do not exist. Names compare exactly, as on
   * Linux, where Workers are usually built.
   */
  private entriesOf(dir: string): DirectoryEntries | null {
    let entries = this.entriesByDirectory.get(dir);
    if (entries === undefined) {
      entries = null;
      try {
        entries = { files: new Set(), directories: new Set() };
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          let isFile = entry.isFile();
          let isDirectory = entry.isDirectory();
          if (entry.isSymbolicLink()) {
            const target = fs.statSync(path.join(dir, entry.name), { throwIfNoEntry: false });
            isFile = target?.isFile() ?? false;
            isDirectory = target?.isDirectory() ?? false;
          }
          if (isFile) entries.files.add(entry.name);
          if (isDirectory) entries.directories.add(entry.name);
        }
      } catch {
        entries = null;
      }
      this.entriesByDirectory.set(dir, entries);
    }
    return entries;
  }

  private resolveWith(specifier: string, fromFile: string, tsconfigPath: string | null): string | null {
    // The extension stays in the key: under node16/nodenext resolution, `.mts` and `.cts` importers differ.
    const key = `${tsconfigPath ?? ""}\0${path.dirname(fromFile)}\0${path.extname(fromFile)}\0${specifier}`;
    let target = this.resolutions.get(key);
    if (target === undefined) {
      target = this.resolveUncached(specifier, fromFile, tsconfigPath);
      this.resolutions.set(key, target);
    }
    return target;
  }

  private resolveUncached(specifier: string, fromFile: string, tsconfigPath: string | null): string | null {
    const settings = this.settings(tsconfigPath);
    const resolved = this.ts.resolveModuleName(specifier, fromFile, settings.options, this.host, settings.cache).resolvedModule;
    if (resolved === undefined) return null;
    const target = this.realpathOfDirectory(resolved.resolvedFileName);
    if (target.split(path.sep).includes("node_modules")) return null;
    if (/\.d\.[cm]?ts$/u.test(target)) return null;
    if (!(SOURCE_EXTENSIONS as readonly string[]).includes(path.extname(target).toLowerCase())) return null;
    return target;
  }

  private settings(tsconfigPath: string | null): ResolutionSettings {
    let settings = this.settingsByTsconfig.get(tsconfigPath);
    if (settings === undefined) {
      const options = tsconfigPath === null ? this.defaultOptions() : this.readTsconfig(tsconfigPath);
      const cwd = tsconfigPath === null ? process.cwd() : path.dirname(tsconfigPath);
      const cache = this.ts.createModuleResolutionCache(cwd, (file) => file, options);
      settings = { tsconfigPath, options, cache };
      this.settingsByTsconfig.set(tsconfigPath, settings);
    }
    return settings;
  }

  private defaultOptions(): TypeScript.CompilerOptions {
    return this.ts.convertCompilerOptionsFromJson(DEFAULT_COMPILER_OPTIONS, process.cwd()).options;
  }

  /** The tsconfig's compiler options (with `extends`), without listing its files; the defaults when it does not parse. */
  private readTsconfig(tsconfigPath: string): TypeScript.CompilerOptions {
    const ts = this.ts;
    const read = ts.readConfigFile(tsconfigPath, readTextFile);
    if (read.error !== undefined || typeof read.config !== "object" || read.config === null) return this.defaultOptions();
    // `readDirectory` answers nothing: only the options are wanted, and listing `include` would walk the whole project.
    const parseHost: TypeScript.ParseConfigHost = {
      useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
      readDirectory: () => [],
      fileExists: (file) => this.fileExists(file),
      readFile: (file) => readTextFile(file),
    };
    const options = { ...ts.parseJsonConfigFileContent(read.config, parseHost, path.dirname(tsconfigPath), undefined, tsconfigPath).options };
    options.allowJs = true;
    const kind = options.moduleResolution;
    if (kind === undefined || kind === ts.ModuleResolutionKind.Classic) {
      // What TypeScript would infer from `module` (or classic) misses node_modules and index files; wrangler's esbuild does not.
      options.moduleResolution = ts.ModuleResolutionKind.Bundler;
      if (options.module === undefined || options.module < ts.ModuleKind.ES2015) options.module = ts.ModuleKind.ESNext;
    }
    return options;
  }
}

function readTextFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
