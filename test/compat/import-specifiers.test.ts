import { describe, expect, it } from "vitest";
import { importSpecifiers } from "../../src/compat/import-specifiers.js";

describe("importSpecifiers", () => {
  it("finds static imports, re-exports, import() and require(), and nothing in comments or strings", () => {
    const text = [
      'import a from "./a.js";',
      'import { type T } from "./types";',
      'export * from "@shared/socket.js";',
      'export { b } from "./b";',
      'import "./side-effect";',
      'const lazy = await import("./lazy.js");',
      'const c = require("./c.cjs");',
      '// import x from "./in-a-comment";',
      'const s = "import y from \'./in-a-string\'";',
      'import("./a.js");',
    ].join("\n");

    expect(importSpecifiers(text)).toEqual(["./a.js", "./types", "@shared/socket.js", "./b", "./side-effect", "./lazy.js", "./c.cjs"]);
  });

  it("leaves out type-only imports and re-exports as written, which the build erases, but keeps a value import of the same file", () => {
    const text = [
      'import type { Room } from "./room-types";',
      "import type Default from './default-type';",
      'import type * as Ns from "./ns-types";',
      'export type { Session } from "./session";',
      'export type * from "./all-types";',
      'export type * as more from "./more-types";',
      'import type { Both } from "./both";',
      'import { makeBoth } from "./both";',
      'import { type Mixed, value } from "./mixed";',
      '// import type { Ghost } from "./a";',
      'import { a } from "./a";',
      "const typeName = 'import type X from \"./in-a-string\"';",
    ].join("\n");

    expect(importSpecifiers(text)).toEqual(["./both", "./mixed", "./a"]);
  });

  it("returns nothing for a file without imports, and what it can read from one that does not parse", () => {
    expect(importSpecifiers("export const x = 1;\n")).toEqual([]);
    expect(importSpecifiers('import { a } from "./a";\nexport function (( {\n')).toEqual(["./a"]);
  });
});
