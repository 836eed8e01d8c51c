// Locates the transform fixtures: fixtures/transforms/<case>/input.<ext> and output.<ext>.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const TRANSFORM_FIXTURES_DIR = path.join(REPO_ROOT, "fixtures/transforms");

export interface TransformFixture {
  name: string;
  inputPath: string;
  input: string;
  output: string;
}

/** Every fixture case, read as bytes-faithful strings (no trimming: a lost newline is a bug). */
export function transformFixtures(): TransformFixture[] {
  return readdirSync(TRANSFORM_FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = path.join(TRANSFORM_FIXTURES_DIR, entry.name);
      const inputName = readdirSync(dir).find((file) => file.startsWith("input."));
      if (!inputName) throw new Error(`fixture ${entry.name} has no input file`);
      const outputName = `output${path.extname(inputName)}`;
      return {
        name: entry.name,
        inputPath: path.join(dir, inputName),
        input: readFileSync(path.join(dir, inputName), "utf8"),
        output: readFileSync(path.join(dir, outputName), "utf8"),
      };
    });
}
