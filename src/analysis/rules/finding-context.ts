import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { CompatResolution, FrameworkVersions } from "../../compat/types.js";

/** What every rule's finding function needs besides the socket model. */
export interface FindingContext {
  /** The file's full source text (offsets of edits refer to it). */
  text: string;
  ast: TSESTree.Program;
  /** True for TypeScript files: added parameters get type annotations. */
  typescript: boolean;
  /** The file's compatibility mode and where it came from. */
  compat: CompatResolution;
  /**
   * The long phrase saying which date, flag and config file decided the mode (`describeCompatResolution`:
   * `compatibility_date 2026-05-01 in examples/chat/wrangler.jsonc`), for explanations (`{{compatDescription}}`).
   */
  compatDescription: string;
  /** Its short form for messages (`compatNote`: `auto: wrangler.jsonc 2026-05-01`), at most about 60 characters. */
  compatNote: string;
  /** The partyserver and agents versions the file runs with (`resolveFrameworkVersions`); a missing entry is unknown. */
  frameworks: FrameworkVersions;
}
