/**
 * `compatNote` and `projectCompatNote`: the few words rule messages give for a file's mode (issue 12),
 * on the config fixtures and the monorepo fixture (read only).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  compatNote,
  createProjectCompatResolver,
  MAX_COMPAT_NOTE,
  projectCompatNote,
  readWranglerConfig,
  resolveCompatMode,
  type CompatOverrides,
  type CompatResolution,
} from "../../src/compat/index.js";
import { findWorkerConfigs } from "../../src/migrate/find-worker-configs.js";
import { configFixture } from "./config-fixtures.js";

const MONOREPO = path.resolve(import.meta.dirname, "../../fixtures/cli/monorepo");

function resolveFixture(name: string, file: string, overrides?: CompatOverrides): CompatResolution {
  return resolveCompatMode(readWranglerConfig(configFixture(name, file)), overrides);
}

/** The note for a source file `src/index.ts` beside the fixture's config. */
function noteBeside(name: string, file: string, overrides?: CompatOverrides, source: "cli" | "settings" = "cli"): string {
  return compatNote(resolveFixture(name, file, overrides), { cwd: configFixture("."), filePath: configFixture(name, "src/index.ts"), overrides: source });
}

describe("compatNote", () => {
  it("names the mode, the config by base name when it is above the file, and the date", () => {
    expect(noteBeside("jsonc-auto-2026-05-01", "wrangler.jsonc")).toBe("auto: wrangler.jsonc 2026-05-01");
    expect(noteBeside("toml-manual-2025-06-01", "wrangler.toml")).toBe("manual: wrangler.toml 2025-06-01");
  });

  it("names a config that is not above the file by its path relative to cwd", () => {
    const res = resolveFixture("toml-auto-2026-05-01", "wrangler.toml");
    expect(compatNote(res, { cwd: configFixture("."), filePath: configFixture("jsonc-auto-2026-05-01", "src/index.ts") })).toBe(
      "auto: toml-auto-2026-05-01/wrangler.toml 2026-05-01",
    );
    // No file given: relative to cwd too.
    expect(compatNote(res, { cwd: configFixture(".") })).toBe("auto: toml-auto-2026-05-01/wrangler.toml 2026-05-01");
  });

  it("cuts a long path to its last directories, then to the base name, to stay short", () => {
    const res = resolveFixture("toml-auto-2026-05-01", "wrangler.toml");
    const deep = path.resolve(configFixture("."), "../..");
    // fixtures/config/toml-auto-2026-05-01/wrangler.toml is too long for a note: the last directory is kept.
    expect(compatNote(res, { cwd: deep })).toBe("auto: …/toml-auto-2026-05-01/wrangler.toml 2026-05-01");
    expect(compatNote(res, { cwd: "/" }).length).toBeLessThanOrEqual(MAX_COMPAT_NOTE);
  });

  it("names the flag that decided", () => {
    expect(noteBeside("flag-disable-new-date", "wrangler.jsonc")).toBe("manual: wrangler.jsonc flag web_socket_manual_reply_to_close");
    expect(noteBeside("flag-enable-old-date", "wrangler.toml")).toBe("auto: wrangler.toml flag web_socket_auto_reply_to_close");
  });

  it("names the environment when only that environment sets the date", () => {
    expect(noteBeside("env-only-dates", "wrangler.jsonc")).toBe("auto: wrangler.jsonc [env.production] 2026-05-01");
  });

  it("names the environment that disagrees in mixed mode", () => {
    expect(noteBeside("toml-env-legacy-mixed", "wrangler.toml")).toBe("mixed: wrangler.toml [env.legacy] manual");
    expect(noteBeside("env-flags-replace-top-level", "wrangler.toml")).toBe("mixed: wrangler.toml [env.modern] auto");
  });

  it("names the CLI option or the ESLint setting that overrode the config", () => {
    expect(noteBeside("toml-manual-2025-06-01", "wrangler.toml", { compatibilityDate: "2026-05-01" })).toBe("auto: --compatibility-date 2026-05-01");
    expect(noteBeside("toml-manual-2025-06-01", "wrangler.toml", { compatibilityDate: "2026-05-01" }, "settings")).toBe(
      "auto: settings compatibilityDate 2026-05-01",
    );
    expect(noteBeside("toml-auto-2026-05-01", "wrangler.toml", { compatibilityFlags: ["web_socket_manual_reply_to_close"] })).toBe(
      "manual: --compatibility-flag web_socket_manual_reply_to_close",
    );
    const overrideOnly = resolveCompatMode(null, { compatibilityDate: "2025-01-01" });
    expect(compatNote(overrideOnly, { overrides: "settings" })).toBe("manual: settings compatibilityDate 2025-01-01");
  });

  it("says what is missing when nothing decides", () => {
    expect(noteBeside("no-date", "wrangler.toml")).toBe("unknown: no compatibility_date in wrangler.toml");
    expect(compatNote({ mode: "unknown", configPath: null, overridden: false, environments: [] })).toBe("unknown: no wrangler config");
  });
});

describe("projectCompatNote", () => {
  async function resolver() {
    return createProjectCompatResolver({ configPaths: await findWorkerConfigs(["."], MONOREPO), cwd: MONOREPO });
  }
  const note = async (file: string) => projectCompatNote((await resolver()).resolve(file), { cwd: MONOREPO, filePath: path.join(MONOREPO, file) });

  it("names the Workers that disagree on a shared file", async () => {
    expect(await note("packages/shared/src/socket.ts")).toBe("mixed: Worker chat auto, legacy manual");
  });

  it("says a Worker elsewhere decided through an import", async () => {
    expect(await note("packages/shared/src/index.ts")).toBe("manual: …/legacy/wrangler.toml 2025-09-15 via import");
  });

  it("keeps the single-config note for a file of a Worker's own", async () => {
    expect(await note("workers/chat/src/room.ts")).toBe("auto: wrangler.jsonc 2026-05-01");
  });
});
