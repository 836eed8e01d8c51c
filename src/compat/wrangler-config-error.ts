import path from "node:path";

/** A 1-based position in a config file. */
export interface ConfigPosition {
  /** 1-based line. */
  line: number;
  /** 1-based column (UTF-16 code units, as editors count). */
  column: number;
}

/**
 * A wrangler config that cannot be used: missing or unreadable, not valid
 * JSON/JSONC/TOML, a wrong type or invalid date, or both compatibility flags
 * of one behaviour at once (docs/runtime-behaviour.md#both-flags-at-once).
 *
 * `message` is `<file>[:line[:column]]: <detail>`, e.g.
 * `wrangler.toml:3:5: Not valid TOML here, so its Worker's compatibility date and flags cannot be read`, where `<file>` is the
 * config path relative to `process.cwd()` when the file lies below it, else
 * absolute. `configPath` is always absolute.
 */
export class WranglerConfigError extends Error {
  override readonly name = "WranglerConfigError";
  /** Absolute path of the config file. */
  readonly configPath: string;
  /** 1-based line of the problem, when known. */
  readonly line?: number;
  /** 1-based column of the problem, when known. */
  readonly column?: number;
  /** The message without the location prefix: one sentence in this tool's words. */
  readonly detail: string;
  /** For a file that does not parse: the parser's own words (jsonc-parser's error code, smol-toml's reason). */
  readonly parserMessage?: string;

  /**
   * @param configPath path of the config (made absolute against `process.cwd()`).
   * @param detail what is wrong, without the file name.
   * @param position where, when known.
   * @param options standard `ErrorOptions` (`cause`), and `parserMessage` for a syntax error.
   */
  constructor(
    configPath: string,
    detail: string,
    position?: Partial<ConfigPosition>,
    options?: ErrorOptions & { parserMessage?: string },
  ) {
    const absolute = path.resolve(configPath);
    let location = displayPath(absolute);
    if (position?.line !== undefined) {
      location += `:${position.line}`;
      if (position.column !== undefined) location += `:${position.column}`;
    }
    super(`${location}: ${detail}`, options);
    this.configPath = absolute;
    this.detail = detail;
    if (options?.parserMessage !== undefined) this.parserMessage = options.parserMessage;
    if (position?.line !== undefined) this.line = position.line;
    if (position?.line !== undefined && position.column !== undefined) this.column = position.column;
  }
}

function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
}
