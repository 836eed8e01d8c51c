// Users do not have the project's internal specification: code, tests, fixtures and docs point at
// docs/runtime-behaviour.md (a runtime fact) or a rule's page (a rule's behaviour) instead of its
// sections ("SPEC §1.2 row 5"). This fails when such a reference comes back.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const thisFile = path.relative(projectRoot, fileURLToPath(import.meta.url)).split(path.sep).join("/");

/**
 * A line that cites the specification: its name with a section sign or as a file, or a bare
 * section number (`§1.2`) on a line that names no other document that has sections (an RFC,
 * the SARIF standard).
 */
function citesSpecification(line: string): boolean {
  if (/\bSPEC\b\s*(§|\.md)|\bSPEC\.md\b/u.test(line)) return true;
  return /§\s*\d/u.test(line) && !/\b(RFC|SARIF)\b/u.test(line);
}

describe("no references to the internal specification", () => {
  it("recognises the references it forbids, and leaves RFC and SARIF sections alone", () => {
    expect(["// SPEC §1.2 row 5", " * Sources: SPEC.md §1.1", 'id: "§1.3 clamped reason"', "(see §4)"].map(citesSpecification)).toEqual([true, true, true, true]);
    expect(["RFC 6455 §5.5 and §5.5.1", "/** SARIF §3.49: one rule. */", "the spec of ws", "docs/runtime-behaviour.md#reserved-close-codes-throw"].map(citesSpecification)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it("src/, rules/, codemods/, scripts/, bench/, test/, fixtures/, examples/, docs/ and the top-level docs cite none", async () => {
    const files = await fg(["{src,rules,codemods,scripts,bench,test,fixtures,examples,docs}/**/*", "*.md"], {
      cwd: projectRoot,
      ignore: ["**/node_modules/**", thisFile],
      onlyFiles: true,
    });
    expect(files.length).toBeGreaterThan(100);
    const offending = files.flatMap((file) =>
      readFileSync(path.join(projectRoot, file), "utf8")
        .split("\n")
        .flatMap((line, index) => (citesSpecification(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(offending).toEqual([]);
  });
});
