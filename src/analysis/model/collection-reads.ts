/**
 * What a read of a collection of sockets may do and still keep every socket in
 * it in sight (docs/rules/require-close-reply.md#when-it-is-silent): for a local
 * `const sessions = new Set()` (`socket-in-sight.ts`) and a class field only its
 * class reads (`field-collections.ts`).
 *
 * A read in sight is a lookup (`has`, `delete`, `includes`, `indexOf`, `clear`), a
 * store whose result is unused (`add`, `set`, `push`, `unshift`), `size`/`length`,
 * or an iteration (`for…of` over the collection or its `values()`/`keys()`/
 * `entries()`, `.forEach` with an inline callback, `.get(k)`) whose every element
 * is only used to `send`, `serializeAttachment`/`deserializeAttachment`, read
 * `readyState`/`url`/`protocol`/`extensions`/`binaryType`, be compared or tested,
 * be looked up in the same collection, or be logged. Anything else (an element
 * closed, handed to a function, stored elsewhere, given a listener; the collection
 * handed on, spread, or mapped) may close a socket or hand it on.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { walkAst } from "../ast/ast-traversal.js";
import { outermostWrapper, unwrapExpression } from "../ast/expressions.js";
import type { ScopeIndex } from "../ast/scope-lookup.js";

/** Methods that look an element up, or empty the collection, without handing an element out. */
const LOOKUPS = new Set(["has", "delete", "includes", "indexOf", "lastIndexOf", "clear"]);
/** Methods that store their arguments (`add`/`set` return the collection itself: their result must go unused). */
const STORES = new Set(["add", "set", "push", "unshift"]);
/** Methods whose result is an iterator over the elements. */
const ITERATORS = new Set(["values", "keys", "entries"]);
/** Socket methods that neither close the socket nor hand it on. */
const ELEMENT_METHODS = new Set(["send", "serializeAttachment", "deserializeAttachment"]);
/** Socket properties that are plain values. */
const ELEMENT_PROPERTIES = new Set(["readyState", "url", "protocol", "extensions", "binaryType"]);
/** `console` methods: they take an element as a value and can neither close it nor keep it. */
const CONSOLE_METHODS = new Set(["log", "info", "warn", "error", "debug", "trace"]);

/** The checks of one collection: `isSame` tells its reads, `scope` resolves bindings, `seen` stops cycles. */
interface CollectionCheck {
  isSame: (node: TSESTree.Node) => boolean;
  scope: ScopeIndex;
  seen: Set<unknown>;
}

/** True when `node`, an element of the field (or possibly one), is only used in ways that cannot close or hand on a socket. */
function elementUseInSight(node: TSESTree.Node, check: CollectionCheck): boolean {
  const use = outermostWrapper(node);
  const parent = use.parent;
  if (!parent) return false;
  if (parent.type === "MemberExpression" && parent.object === use) {
    const name = getPropertyName(parent) ?? "";
    const call = parent.parent;
    if (ELEMENT_METHODS.has(name)) return call?.type === "CallExpression" && call.callee === parent;
    if (!ELEMENT_PROPERTIES.has(name)) return false;
    const written = (call?.type === "AssignmentExpression" && call.left === parent) || call?.type === "UpdateExpression";
    return !written;
  }
  if (parent.type === "BinaryExpression") return true;
  if (parent.type === "UnaryExpression" && (parent.operator === "!" || parent.operator === "typeof")) return true;
  if ((parent.type === "IfStatement" || parent.type === "ConditionalExpression") && parent.test === use) return true;
  if (parent.type === "CallExpression" && parent.callee !== use) {
    const callee = unwrapExpression(parent.callee);
    if (callee.type !== "MemberExpression") return false;
    const name = getPropertyName(callee) ?? "";
    // Looked up in the same collection (`this.clients.delete(client)`): that read is judged as a read of the collection.
    if (check.isSame(callee.object)) return LOOKUPS.has(name) || name === "get";
    const object = unwrapExpression(callee.object);
    if (object.type !== "Identifier" || object.name !== "console" || !CONSOLE_METHODS.has(name)) return false;
    const variable = check.scope.resolve(object);
    return variable === null || variable.defs.length === 0;
  }
  if (parent.type === "VariableDeclarator" && parent.init === use && parent.id.type === "Identifier") {
    return bindingInSight(parent.id, check);
  }
  return false;
}

/** True when every read of the binding declared by `id` is an element use in sight (`elementUseInSight`), and nothing else writes it. */
function bindingInSight(id: TSESTree.Identifier, check: CollectionCheck): boolean {
  const variable = check.scope.resolve(id);
  if (!variable) return false;
  if (check.seen.has(variable)) return true;
  check.seen.add(variable);
  const declaration = variable.defs[0]?.node as TSESTree.Node | undefined;
  return variable.references.every((reference) => {
    const identifier = reference.identifier as TSESTree.Identifier;
    if (reference.isWrite()) {
      // Its declaration (a `for…of` head, a declarator) writes it; anything else may put another value there.
      return declaration !== undefined && identifier.range[0] >= declaration.range[0] && identifier.range[1] <= declaration.range[1];
    }
    return elementUseInSight(identifier, check);
  });
}

/** `for (const c of …)` or `for (const [k, v] of …)`: every declared element binding stays in sight. */
function loopElementsInSight(loop: TSESTree.ForOfStatement, check: CollectionCheck): boolean {
  const left = loop.left;
  if (left.type !== "VariableDeclaration" || left.declarations.length !== 1) return false;
  const id = left.declarations[0]!.id;
  if (id.type === "Identifier") return bindingInSight(id, check);
  if (id.type !== "ArrayPattern") return false;
  return id.elements.every((element) => element === null || (element.type === "Identifier" && bindingInSight(element, check)));
}

/** `.forEach(cb)` with an inline callback of at most two plain parameters (the third is the collection itself). */
function forEachInSight(call: TSESTree.CallExpression, check: CollectionCheck): boolean {
  if (call.arguments.length !== 1) return false;
  const callback = unwrapExpression(call.arguments[0]!);
  if (callback.type !== "ArrowFunctionExpression" && callback.type !== "FunctionExpression") return false;
  if (callback.params.length > 2) return false;
  // A `function` callback's `arguments[2]` is the collection.
  if (callback.type === "FunctionExpression") {
    let usesArguments = false;
    walkAst(callback.body, (node) => {
      if (node.type === "Identifier" && node.name === "arguments") usesArguments = true;
      return !usesArguments;
    });
    if (usesArguments) return false;
  }
  return callback.params.every((param) => param.type === "Identifier" && bindingInSight(param, check));
}

/** True when one read of the collection keeps its elements in sight (`collectionReadInSight`). */
function readInSight(read: TSESTree.Node, check: CollectionCheck): boolean {
  const use = outermostWrapper(read);
  const parent = use.parent;
  if (parent?.type === "ForOfStatement" && parent.right === use) return loopElementsInSight(parent, check);
  if (parent?.type !== "MemberExpression" || parent.object !== use) return false;
  const name = getPropertyName(parent) ?? "";
  if (name === "size" || name === "length") return true;
  const call = parent.parent;
  if (call?.type !== "CallExpression" || call.callee !== parent) return false;
  if (LOOKUPS.has(name)) return true;
  if (STORES.has(name)) return outermostWrapper(call).parent?.type === "ExpressionStatement";
  if (name === "get") return elementUseInSight(call, check);
  if (name === "forEach") return forEachInSight(call, check);
  if (ITERATORS.has(name)) {
    const iteration = outermostWrapper(call);
    return iteration.parent?.type === "ForOfStatement" && iteration.parent.right === iteration && loopElementsInSight(iteration.parent, check);
  }
  return false;
}


/**
 * @param read a read of the collection: the expression itself (`this.clients`, `sessions`), not a write.
 * @param isSame true for another read of the same collection (a lookup of an element there is in sight).
 * @param scope the file's scope index.
 * @returns true when the read keeps every socket of the collection in sight (the file comment's list).
 */
export function collectionReadInSight(read: TSESTree.Node, isSame: (node: TSESTree.Node) => boolean, scope: ScopeIndex): boolean {
  return readInSight(read, { isSame, scope, seen: new Set() });
}
