/**
 * Whether a framework's installed version answers a peer's Close frame itself
 * after the user's `onClose` (docs/runtime-behaviour.md#partyserver-and-the-agents-sdk-answer-from-some-versions). The facts, by version:
 *
 * | framework | replies | never replies |
 * |---|---|---|
 * | `partyserver` | from 0.5.4 (cloudflare/partykit PR 393; 0.5.5 skips 1005/1006/1015) | below 0.5.4 |
 * | `agents` | from 0.11.7: it depends on partyserver `^0.5.5`, and from 0.22.0 carries its own copy of that logic (`closeQuietly` after `onClose` in `webSocketClose`) | 0.0.43 to 0.11.5 but 0.2.0 and 0.2.1: it depends on partyserver `^0.0.66` … `^0.4.1` |
 *
 * agents 0.11.6 asks for partyserver `^0.5.3`, which may resolve to 0.5.3: unknown; 0.2.0 and
 * the first releases list no partyserver dependency: unknown. Read from the
 * packages' published manifests and code (`npm view agents@<v> dependencies`, the 0.22.0 tarball's
 * `durable-object-lifecycle` module, and partyserver 0.5.10's `webSocketClose`).
 */
import semver from "semver";
import type { FrameworkName, FrameworkVersions } from "../../compat/types.js";

/** The answer of `frameworkReplies`. */
export type FrameworkReply = "yes" | "no" | "unknown";

const RANGES: Record<FrameworkName, { replies: string; never: string }> = {
  partyserver: { replies: ">=0.5.4", never: "<0.5.4" },
  agents: { replies: ">=0.11.7", never: ">=0.0.43 <0.2.0 || >=0.2.2 <0.11.6" },
};

/**
 * @param frameworks the versions the file runs with (`FindingContext.frameworks`).
 * @returns `yes` when every version the range allows answers the Close frame itself, `no` when none
 *   does, `unknown` when the range straddles the change, is not a semver range (`workspace:*`, a URL),
 *   or the framework's version is unknown.
 */
export function frameworkReplies(frameworks: FrameworksLike, name: FrameworkName): FrameworkReply {
  const range = frameworks[name]?.range;
  if (range === undefined || semver.validRange(range) === null) return "unknown";
  const facts = RANGES[name];
  try {
    if (semver.subset(range, facts.replies)) return "yes";
    if (semver.subset(range, facts.never)) return "no";
  } catch {
    return "unknown";
  }
  return "unknown";
}

/** The part of `FrameworkVersions` this module reads. */
export type FrameworksLike = Pick<FrameworkVersions, FrameworkName>;
