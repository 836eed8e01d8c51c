/**
 * The version of this package, read from its package.json. The file sits at a
 * different depth from the TypeScript sources (`src/`) and the build (`dist/src/`),
 * so it is found by walking up from this module.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "ws-close-migrate";

/**
 * @returns the `version` field of ws-close-migrate's package.json.
 * @throws Error when no package.json of this package is found above this module.
 */
export function packageVersion(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(directory, "package.json");
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (manifest.name === PACKAGE_NAME && manifest.version) return manifest.version;
    }
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`package.json of ${PACKAGE_NAME} not found above ${fileURLToPath(import.meta.url)}`);
    directory = parent;
  }
}
