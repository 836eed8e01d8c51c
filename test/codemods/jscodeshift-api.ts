// The `api` jscodeshift's runner hands a transform (jscodeshift/src/Worker.js): its core bound to the
// transform module's `parser`, a stats counter and a report function.
import jscodeshift from "jscodeshift";
import type { API, FileInfo, Options, Transform } from "jscodeshift";

/** A transform module of `codemods/`: the transform and the parser it declares. */
export interface TransformModule {
  default: Transform;
  parser?: string;
}

/** jscodeshift's `api` for a transform that declares `parser`, as its runner builds it. */
export function jscodeshiftApi(parser: string | undefined): API {
  const j = parser === undefined ? jscodeshift : jscodeshift.withParser(parser);
  return { j, jscodeshift: j, stats: () => {}, report: () => {} };
}

/**
 * Runs a transform on one file as jscodeshift's runner does, synchronously (ours never return a promise).
 *
 * @returns the new source, or `undefined` when the transform changes nothing.
 * @throws whatever the transform throws, and Error when it returns a promise.
 */
export function applyTransform(module: TransformModule, file: FileInfo, options: Options = {}): string | undefined {
  const output = module.default(file, jscodeshiftApi(module.parser), options);
  if (output instanceof Promise) throw new Error("the transform returned a promise");
  return output ?? undefined;
}
