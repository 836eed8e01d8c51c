/**
 * The error a source file that does not parse is reported with. Apart from
 * `parse-source.ts` so that code which only handles the error (the CLI) does
 * not load the parser.
 */

/** Thrown when a source file does not parse; carries the 1-based line and column of the error. */
export class SourceParseError extends Error {
  constructor(
    readonly filePath: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${filePath}:${line}:${column}: ${reason}`);
    this.name = "SourceParseError";
  }
}
