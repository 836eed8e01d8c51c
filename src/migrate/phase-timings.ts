/**
 * Where a run's time goes (`--timings`, issue 15): wall milliseconds per phase
 * of `migrate()`, measured with `performance.now()` around each phase.
 */

/**
 * The phases, in the order a run meets them:
 * - `walk`: listing the paths (links, `.gitignore`, temp files);
 * - `read`: reading and decoding every file, and the text prefilter;
 * - `syntax check`: parsing the files the prefilter spares, for parse errors only;
 * - `configs`: reading the wrangler configs and resolving each file's mode (`import graph` excluded);
 * - `import graph`: scanning and resolving the imports from every Worker's entry;
 * - `parse`: typescript-estree and the scope analysis of the files that passed the prefilter, re-parses included;
 * - `analysis`: the rules and their fixes on those files;
 * - `write`: the atomic writes (nothing in a dry run);
 * - `report`: rendering and printing the report (the CLI times it).
 * `parse`, `analysis` and `write` are summed over files: with worker threads and concurrent writes
 * they add up time spent in parallel, and can exceed the run's wall time.
 */
export const PHASES = ["walk", "read", "syntax check", "configs", "import graph", "cross-module", "parse", "analysis", "write", "report"] as const;

/** One of `PHASES`. */
export type Phase = (typeof PHASES)[number];

/** Milliseconds per phase, and the run's whole wall time. */
export interface PhaseTimingsReport {
  phases: Record<Phase, number>;
  /** Wall milliseconds from the start of `migrate()` to its result. */
  total: number;
}

/** A run's phase clock: `migrate()` fills it when `MigrateOptions.timings` is given. */
export class PhaseTimings {
  private readonly spent = new Map<Phase, number>(PHASES.map((phase) => [phase, 0]));
  private readonly start = performance.now();
  private end: number | null = null;

  /** Adds `ms` milliseconds to `phase`. */
  add(phase: Phase, ms: number): void {
    this.spent.set(phase, this.spent.get(phase)! + ms);
  }

  /** Runs `work`, adding its wall time to `phase`; returns what it returns (and rethrows what it throws). */
  time<T>(phase: Phase, work: () => T): T {
    const started = performance.now();
    try {
      return work();
    } finally {
      this.add(phase, performance.now() - started);
    }
  }

  /** Marks the end of the run (`total`); a later call moves it. */
  finish(): void {
    this.end = performance.now();
  }

  /** The figures so far, in milliseconds. */
  report(): PhaseTimingsReport {
    return {
      phases: Object.fromEntries(PHASES.map((phase) => [phase, this.spent.get(phase)!])) as Record<Phase, number>,
      total: (this.end ?? performance.now()) - this.start,
    };
  }
}

/**
 * @param report a run's figures.
 * @returns a table, one line per phase and one for the total: milliseconds and share of the total; ends with a newline.
 */
export function formatPhaseTimings(report: PhaseTimingsReport): string {
  const rows: Array<[string, number]> = [...PHASES.map((phase): [string, number] => [phase, report.phases[phase]]), ["total (wall)", report.total]];
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = rows.map(([name, ms]) => {
    const share = report.total > 0 ? `${((100 * ms) / report.total).toFixed(0).padStart(4)}%` : "";
    return `  ${name.padEnd(width)}  ${ms.toFixed(0).padStart(7)} ms ${share}`;
  });
  return `phase timings (parse, analysis and write summed over files and threads):\n${lines.join("\n")}\n`;
}
