import type { CompatResolution } from "../../compat/types.js";

/** What every rule's finding function needs besides the socket model. */
export interface RuleContextData {
  /** The file's full source text (offsets of edits refer to it). */
  text: string;
  /** The file's compatibility mode and where it came from. */
  compat: CompatResolution;
  /** A short phrase for messages: which date, flag and config file decided the mode. */
  compatDescription: string;
}
