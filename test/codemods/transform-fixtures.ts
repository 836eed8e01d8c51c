// Locates the transform fixtures: fixtures/transforms/<case>/input.<ext> and output.<ext>,
// and, for a multi-module fixture, the other modules beside them (test/runtime/README.md).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const TRANSFORM_FIXTURES_DIR = path.join(REPO_ROOT, "fixtures/transforms");

/** A source file of a fixture directory that is neither `input.*` nor `output.*`: a module the input imports. */
const SOURCE_FILE = /\.(?:[cm]?[jt]s|tsx|jsx)$/u;

/** A module of a multi-module fixture besides its input and output: the same in both. */
export interface FixtureModule {
  /** Absolute path. */
  path: string;
  source: string;
}

export interface TransformFixture {
  name: string;
  inputPath: string;
  input: string;
  /** What the CLI makes of `input` in the fixture's directory (with its cross-module view). */
  output: string;
  /**
   * The other source files of the fixture directory (`session.ts` beside `input.ts`), sorted by
   * name; `[]` for a single-file fixture. They are part of the Worker in both runtime runs, and the
   * CLI test migrates them along with the input (they must come out unchanged).
   */
  modules: FixtureModule[];
  /**
   * What a tool that sees one file at a time makes of `input` (the jscodeshift transforms, ESLint
   * without a program): `output` for a single-file fixture; for a multi-module one, `input`
   * unchanged, since its finding needs a fact from another module.
   */
  perFileOutput: string;
}

/** Every fixture case, read as bytes-faithful strings (no trimming: a lost newline is a bug). */
export function transformFixtures(): TransformFixture[] {
  return readdirSync(TRANSFORM_FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = path.join(TRANSFORM_FIXTURES_DIR, entry.name);
      const files = readdirSync(dir).sort();
      const inputName = files.find((file) => file.startsWith("input."));
      if (!inputName) throw new Error(`fixture ${entry.name} has no input file`);
      const outputName = `output${path.extname(inputName)}`;
      const input = readFileSync(path.join(dir, inputName), "utf8");
      const output = readFileSync(path.join(dir, outputName), "utf8");
      const modules = files
        .filter((file) => SOURCE_FILE.test(file) && !file.startsWith("input.") && !file.startsWith("output."))
        .map((file) => ({ path: path.join(dir, file), source: readFileSync(path.join(dir, file), "utf8") }));
      return {
        name: entry.name,
        inputPath: path.join(dir, inputName),
        input,
        output,
        modules,
        perFileOutput: modules.length > 0 ? input : output,
      };
    });
}
