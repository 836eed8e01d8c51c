/**
 * Class field collections that only their own class reads
 * (docs/rules/require-close-reply.md#sockets-kept-in-a-class-field): `this.clients = new Set()` in a Durable Object,
 * `#sessions = new Map()`, `private sockets: WebSocket[] = []`. A socket stored in
 * such a field stays in sight (`staysInSight`) when no read of the field can
 * close it or hand it on.
 *
 * The rule, proven field by field (`isClassFieldCollection`):
 * 1. **Only the class can reach the field.** Either the field is private
 *    (`#f`, or TypeScript's `private f`: other modules cannot compile a read of it),
 *    or the class is a Durable Object whose instances only the runtime makes: an
 *    exported class, not `abstract`, that the file never names elsewhere (no
 *    `new C()`, no subclass, no `C` handed on), with no base class but
 *    `DurableObject` from `cloudflare:workers`, that never lets `this` go (every
 *    `this` is the object of a member with a static name), and that is a Durable
 *    Object by its evidence (`durableObjectEvidence`) or by its shape: a `fetch`,
 *    `alarm` or `webSocket…` method, and a constructor whose first parameter is
 *    typed `DurableObjectState`, or `implements DurableObject`, or
 *    `constructor(state, env)` in a module that asks a namespace for a stub
 *    (`idFromName`, `idFromString`, `newUniqueId`, `getByName`). Durable Object RPC
 *    exposes methods, not instance fields, so other Workers reach the field only
 *    through the class's own methods, which are read here. A subclass of such a
 *    class in another module is not seen (per-file analysis). An exported class
 *    that is not a Durable Object is out: any module holding an instance can read
 *    its public field. A `protected` field is out (a subclass elsewhere reads it),
 *    and so is a field with a getter or setter of its name.
 * 2. **It holds a collection made here.** Written once: `this.f = new Set()` /
 *    `new Map()` / `[]` as a statement of the constructor, or a field initializer
 *    `f = new Map()`; never written anywhere else (a parameter property counts as
 *    a write).
 * 3. **Every read keeps its sockets in sight.** Each `this.f` in the class (in a
 *    method, constructor, field initializer or an arrow inside them; one inside a
 *    nested `function` or on another object is a read we cannot bound) is a read in
 *    sight (`collectionReadInSight`, `collection-reads.ts`: lookups, stores, size,
 *    iteration whose elements are only sent to, compared, logged…). Anything else
 *    leaves the sockets out of sight, and the rule silent.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { getPropertyName } from "@typescript-eslint/utils/ast-utils";
import { walkAst } from "../ast/ast-traversal.js";
import { outermostWrapper, staticString, unwrapExpression } from "../ast/expressions.js";
import { importedBinding } from "../ast/imports.js";
import type { ScopeIndex } from "../ast/scope-lookup.js";
import { collectionReadInSight } from "./collection-reads.js";
import { durableObjectEvidence } from "./find-durable-objects.js";

/** A class declaration or expression. */
export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** A field's name: `#f` and `f` are different fields. */
export interface FieldKey {
  name: string;
  private: boolean;
}

/** Durable Object methods the runtime calls. */
const DURABLE_OBJECT_METHODS = new Set(["fetch", "alarm", "webSocketMessage", "webSocketClose", "webSocketError"]);
/** Namespace methods that make a Durable Object id or stub: the module talks to Durable Objects. */
const NAMESPACE_METHODS = new Set(["idFromName", "idFromString", "newUniqueId", "getByName"]);

/** The global constructors of collections. */
const COLLECTION_CONSTRUCTORS = new Set(["Set", "Map", "WeakSet", "WeakMap", "Array"]);

const cache = new WeakMap<ClassNode, Map<string, boolean>>();

/** The field `member` names (`this.f`, `this.#f`, `this["f"]`); `null` for a computed name the file does not spell. */
export function fieldKeyOf(member: TSESTree.MemberExpression): FieldKey | null {
  if (member.property.type === "PrivateIdentifier") return { name: member.property.name, private: true };
  if (!member.computed) return member.property.type === "Identifier" ? { name: member.property.name, private: false } : null;
  const name = staticString(member.property);
  return name === null ? null : { name, private: false };
}

/** The field a class member declares; `null` for a computed name the file does not spell. */
export function definitionKeyOf(member: TSESTree.PropertyDefinition | TSESTree.MethodDefinition | TSESTree.TSAbstractMethodDefinition): FieldKey | null {
  if (member.key.type === "PrivateIdentifier") return { name: member.key.name, private: true };
  if (!member.computed && member.key.type === "Identifier") return { name: member.key.name, private: false };
  const name = staticString(member.key);
  return name === null ? null : { name, private: false };
}

/** True when `a` names field `b`. */
export function sameKey(a: FieldKey | null, b: FieldKey): boolean {
  return a !== null && a.name === b.name && a.private === b.private;
}

/**
 * The class whose instance `this` is at `node`: the nearest non-arrow function is a
 * non-static method (or constructor) of that class, or `node` sits in a non-static
 * field initializer. `null` anywhere else (a nested `function`, a static member, top level).
 */
export function instanceClassOf(node: TSESTree.Node): ClassNode | null {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (current.type === "ArrowFunctionExpression") continue;
    if (current.type === "FunctionExpression") {
      const method = current.parent;
      if (method?.type === "MethodDefinition" && method.value === current && !method.static) return method.parent.parent as ClassNode;
      return null;
    }
    if (current.type === "PropertyDefinition" || current.type === "AccessorProperty") {
      return child === current.value && !current.static ? (current.parent.parent as ClassNode) : null;
    }
    if (current.type === "FunctionDeclaration" || current.type === "StaticBlock" || current.type === "Program") return null;
  }
  return null;
}

function programOf(node: TSESTree.Node): TSESTree.Program | null {
  let current: TSESTree.Node | undefined = node;
  while (current && current.type !== "Program") current = current.parent;
  return current ?? null;
}

/** `new Set()`, `new Map(…)`, `new WeakMap()`, `new Array()`, `[]`, with a global constructor. */
function isNewCollection(node: TSESTree.Node | null | undefined, scope: ScopeIndex): boolean {
  const value = node ? unwrapExpression(node) : null;
  if (value?.type === "ArrayExpression") return true;
  if (value?.type !== "NewExpression" || value.callee.type !== "Identifier" || !COLLECTION_CONSTRUCTORS.has(value.callee.name)) return false;
  const variable = scope.resolve(value.callee);
  return variable === null || variable.defs.length === 0;
}

/** The class's `constructor` function, if it declares one. */
export function constructorOf(cls: ClassNode): TSESTree.FunctionExpression | null {
  const member = cls.body.body.find((item) => item.type === "MethodDefinition" && item.kind === "constructor");
  return member?.type === "MethodDefinition" && member.value.type === "FunctionExpression" ? member.value : null;
}

/** True when the module asks a Durable Object namespace for an id or a stub. */
function makesDurableObjectStubs(program: TSESTree.Program): boolean {
  let found = false;
  walkAst(program, (node) => {
    if (found) return false;
    if (node.type === "CallExpression") {
      const callee = unwrapExpression(node.callee);
      if (callee.type === "MemberExpression" && NAMESPACE_METHODS.has(getPropertyName(callee) ?? "")) found = true;
    }
    return true;
  });
  return found;
}

/**
 * True when only the runtime makes instances of `cls` and nothing in the file can
 * hold one but the class's own methods (rule 1 of the file comment).
 */
function runtimeMadeDurableObject(cls: ClassNode, program: TSESTree.Program, scope: ScopeIndex, importedBase = false): boolean {
  // An abstract class is made to be extended, by modules this file does not show.
  if (cls.type !== "ClassDeclaration" || !cls.id || cls.abstract) return false;
  const exported = cls.parent?.type === "ExportNamedDeclaration" || cls.parent?.type === "ExportDefaultDeclaration";
  // The class name binds twice (outside and inside the class): every reference of both counts.
  const references = scope.variables.filter((variable) => variable.identifiers.includes(cls.id)).flatMap((variable) => variable.references);
  // `export { C }` alone; `new C()`, `extends C` or `register(C)` give instances or the class to other code.
  if (references.some((reference) => (reference.identifier as TSESTree.Node).parent?.type !== "ExportSpecifier")) return false;
  if (!exported && references.length === 0) return false;
  const base = cls.superClass ? unwrapExpression(cls.superClass) : null;
  if (base) {
    const imported = base.type === "Identifier" ? importedBinding(base, scope) : null;
    // With `importedBase`: a class of another module whose chain ends in `DurableObject` (`module-facts.ts`).
    const durableBase = importedBase && scope.crossModule?.base(cls)?.end === "durable-object";
    if (!durableBase && (imported?.source !== "cloudflare:workers" || imported.imported !== "DurableObject")) return false;
  }
  if (durableObjectEvidence(cls, scope) === null) {
    const entry = cls.body.body.some(
      (member) => member.type === "MethodDefinition" && !member.static && member.kind === "method" && DURABLE_OBJECT_METHODS.has(definitionKeyOf(member)?.name ?? ""),
    );
    if (!entry) return false;
    const constructor = constructorOf(cls);
    const stateParam = constructor?.params[0];
    const stateType = stateParam?.type === "Identifier" ? stateParam.typeAnnotation?.typeAnnotation : undefined;
    const typedState = stateType?.type === "TSTypeReference" && stateType.typeName.type === "Identifier" && stateType.typeName.name === "DurableObjectState";
    const implementsDurableObject = (cls.implements ?? []).some((clause) => clause.expression.type === "Identifier" && clause.expression.name === "DurableObject");
    const untypedShape = constructor?.params.length === 2 && makesDurableObjectStubs(program);
    if (!typedState && !implementsDurableObject && !untypedShape) return false;
  }
  // Every `this` is the object of a member with a static name: the instance never goes anywhere.
  return thisNeverEscapes(cls);
}

/** True when every `this` of the class is the object of a member with a static name: the instance is never handed on. */
export function thisNeverEscapes(cls: ClassNode): boolean {
  let escapes = false;
  walkAst(cls.body, (node) => {
    if (escapes) return false;
    if (node.type !== "ThisExpression") return true;
    const use = outermostWrapper(node);
    const parent = use.parent;
    if (parent?.type !== "MemberExpression" || parent.object !== use || (parent.computed && staticString(parent.property) === null)) escapes = true;
    return true;
  });
  return !escapes;
}

/** `this.f` (past wrappers) of the instance of `cls`. */
function isOwnField(node: TSESTree.Node, cls: ClassNode, key: FieldKey): boolean {
  const member = unwrapExpression(node);
  return member.type === "MemberExpression" && member.object.type === "ThisExpression" && sameKey(fieldKeyOf(member), key) && instanceClassOf(member.object) === cls;
}

/** True when `write` (`this.f = …`) is the constructor's statement `this.f = <new collection>;`. */
function isConstructorInit(write: TSESTree.AssignmentExpression, cls: ClassNode, scope: ScopeIndex): boolean {
  if (write.operator !== "=" || write.parent?.type !== "ExpressionStatement" || !isNewCollection(write.right, scope)) return false;
  let fn: TSESTree.Node | undefined = write.parent;
  while (fn && fn.type !== "FunctionExpression" && fn.type !== "ArrowFunctionExpression" && fn.type !== "FunctionDeclaration") fn = fn.parent;
  return fn !== undefined && fn === constructorOf(cls);
}

/**
 * Rule 1 of the file comment: true when only `cls`'s own code can reach its field `key`
 * (private, or a runtime-made Durable Object), declared at most once, not static, not
 * `protected`, no getter or setter of its name, not a parameter property.
 *
 * @param cls the class.
 * @param key the field.
 * @param scope the file's scope index.
 */
export function fieldReachableOnlyByClass(cls: ClassNode, key: FieldKey, scope: ScopeIndex): boolean {
  const program = programOf(cls);
  if (!program) return false;
  const declarations = cls.body.body.filter(
    (member): member is TSESTree.PropertyDefinition => member.type === "PropertyDefinition" && sameKey(definitionKeyOf(member), key),
  );
  if (declarations.length > 1 || declarations.some((declaration) => declaration.static)) return false;
  // A getter or setter of that name runs code on every read or write.
  if (cls.body.body.some((member) => (member.type === "MethodDefinition" || member.type === "TSAbstractMethodDefinition") && sameKey(definitionKeyOf(member), key))) return false;
  const declaration = declarations[0];
  // A subclass in another module reads a `protected` field.
  if (declaration?.accessibility === "protected") return false;
  // A parameter property (`constructor(private clients: Set<WebSocket>)`) takes the collection from the caller.
  const constructor = constructorOf(cls);
  if (constructor?.params.some((param) => param.type === "TSParameterProperty" && param.parameter.type === "Identifier" && param.parameter.name === key.name)) return false;
  // Rule 1: only the class can reach the field.
  const privateField = key.private || declaration?.accessibility === "private";
  return privateField || runtimeMadeDurableObject(cls, program, scope);
}

/**
 * A field the class does not declare, that its base of another module makes and keeps in sight
 * (`ClassFacts.inheritableCollections`), on a class only the runtime makes: the subclass must
 * neither declare nor write it, and its own reads are judged as the class's are.
 */
function isInheritedCollection(cls: ClassNode, key: FieldKey, scope: ScopeIndex): boolean {
  if (key.private || !scope.crossModule?.base(cls)?.inheritableCollections.includes(key.name)) return false;
  if (cls.body.body.some((member) => (member.type === "PropertyDefinition" || member.type === "MethodDefinition") && sameKey(definitionKeyOf(member), key))) return false;
  const program = programOf(cls);
  return program !== null && runtimeMadeDurableObject(cls, program, scope, true);
}

function computeFieldInSight(cls: ClassNode, key: FieldKey, scope: ScopeIndex): boolean {
  const inherited = isInheritedCollection(cls, key, scope);
  if (!inherited && !fieldReachableOnlyByClass(cls, key, scope)) return false;
  const declaration = cls.body.body.find(
    (member): member is TSESTree.PropertyDefinition => member.type === "PropertyDefinition" && sameKey(definitionKeyOf(member), key),
  );
  // Rules 2 and 3 over every `.f` in the class. An inherited collection is made by the base: no write here.
  let writes = inherited ? 1 : declaration?.value ? (isNewCollection(declaration.value, scope) ? 1 : Infinity) : 0;
  const reads: TSESTree.MemberExpression[] = [];
  let unbounded = false;
  walkAst(cls.body, (node) => {
    if (unbounded) return false;
    if (node.type !== "MemberExpression" || !sameKey(fieldKeyOf(node), key)) return true;
    // `other.f` (another instance), or `this.f` in a nested function: reads we cannot bound.
    if (node.object.type !== "ThisExpression" || instanceClassOf(node.object) !== cls) {
      unbounded = true;
      return false;
    }
    const use = outermostWrapper(node);
    if (use.parent?.type === "AssignmentExpression" && use.parent.left === use) {
      writes += isConstructorInit(use.parent, cls, scope) ? 1 : Infinity;
    } else {
      reads.push(node);
    }
    return true;
  });
  if (unbounded || writes !== 1) return false;
  const sameField = (node: TSESTree.Node): boolean => isOwnField(node, cls, key);
  return reads.every((read) => collectionReadInSight(read, sameField, scope));
}

/**
 * The fields of `cls` a subclass may keep sockets in (`ClassFacts.inheritableCollections`): declared
 * without `#` or `private`, not static, no accessor of the name, not a parameter property; made once
 * as a collection (initializer or constructor statement); every `this.f` of the class a read in sight;
 * no `.f` on any other object of the file; and `this` never escapes the class.
 */
export function inheritableCollections(cls: ClassNode, scope: ScopeIndex): string[] {
  const program = programOf(cls);
  if (!program || !thisNeverEscapes(cls)) return [];
  const names: string[] = [];
  for (const member of cls.body.body) {
    if (member.type !== "PropertyDefinition" || member.static || member.computed || member.accessibility === "private") continue;
    const key = definitionKeyOf(member);
    if (!key || key.private) continue;
    if (cls.body.body.some((other) => (other.type === "MethodDefinition" || other.type === "TSAbstractMethodDefinition") && sameKey(definitionKeyOf(other), key))) continue;
    const constructor = constructorOf(cls);
    if (constructor?.params.some((param) => param.type === "TSParameterProperty" && param.parameter.type === "Identifier" && param.parameter.name === key.name)) continue;
    let writes = member.value ? (isNewCollection(member.value, scope) ? 1 : Infinity) : 0;
    let inSight = true;
    const sameField = (node: TSESTree.Node): boolean => isOwnField(node, cls, key);
    walkAst(program, (node) => {
      if (!inSight) return false;
      if (node.type !== "MemberExpression" || !sameKey(fieldKeyOf(node), key)) return true;
      if (node.object.type !== "ThisExpression" || instanceClassOf(node.object) !== cls) {
        inSight = false;
        return false;
      }
      const use = outermostWrapper(node);
      if (use.parent?.type === "AssignmentExpression" && use.parent.left === use) writes += isConstructorInit(use.parent, cls, scope) ? 1 : Infinity;
      else if (!collectionReadInSight(node, sameField, scope)) inSight = false;
      return true;
    });
    if (inSight && writes === 1) names.push(key.name);
  }
  return names;
}

/**
 * @param receiver the object of a collection call, such as `this.clients` in `this.clients.add(ws)`.
 * @param scope the file's scope index.
 * @returns true when `receiver` is a field of the enclosing class's instance proven to hold a collection
 *   that only the class reads, and whose every read keeps its sockets in sight (the three rules of the
 *   file comment). The answer is computed once per class and field.
 */
export function isClassFieldCollection(receiver: TSESTree.Node, scope: ScopeIndex): boolean {
  const member = unwrapExpression(receiver);
  if (member.type !== "MemberExpression" || member.object.type !== "ThisExpression") return false;
  const key = fieldKeyOf(member);
  const cls = instanceClassOf(member.object);
  if (!key || !cls) return false;
  let fields = cache.get(cls);
  if (!fields) cache.set(cls, (fields = new Map()));
  const id = `${key.private ? "#" : ""}${key.name}`;
  let inSight = fields.get(id);
  if (inSight === undefined) fields.set(id, (inSight = computeFieldInSight(cls, key, scope)));
  return inSight;
}
