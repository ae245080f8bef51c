/**
 * Resolves a parsed spec's `$ref`s in place, in one walk, when they are the usual kind: a JSON
 * pointer into the document made of plain names (letters, digits, `_.-`, `~0`, `~1`) that
 * resolves, with no `$id` anywhere. What @readme/openapi-parser's dereference makes of such a
 * document, at a fraction of the time:
 * - `{"$ref": "#/..."}` is replaced by the object it points to, shared (a schema that contains
 *   itself becomes a cycle);
 * - a $ref with keys beside it (`description`, `nullable`...) becomes a new object: those keys,
 *   then the target's keys it does not set.
 * Anything else (a key beside a $ref that the target also holds as an object, which the library
 * merges deeply; $id scopes; other files or URLs; a pointer that does not resolve) changes nothing
 * and returns false: the caller then uses the library, with its messages.
 */
import { isSchema, type Schema } from './schema.js';

const PLAIN_POINTER = /^#(\/([A-Za-z0-9_.-]|~[01])*)+$/;

type Holder = Schema | unknown[];

interface RefSite {
  holder: Holder;
  key: string | number;
  reference: Schema;
  /** The reference's pointer, and whether keys stand beside it: read once, when the walk finds it. */
  pointer: string;
  extended: boolean;
}

/** Which pointers are plain: a spec repeats a few thousand of them tens of thousands of times. */
const plainPointers = new Map<string, boolean>();
const isPlainPointer = (pointer: string) => {
  let plain = plainPointers.get(pointer);
  if (plain === undefined) {
    plain = PLAIN_POINTER.test(pointer);
    plainPointers.set(pointer, plain);
  }
  return plain;
};
const pointerOf = (value: Schema): string | undefined =>
  typeof value.$ref === 'string' && isPlainPointer(value.$ref) ? value.$ref : undefined;
const isExtended = (reference: Schema) => Object.keys(reference).length > 1;

/**
 * `shared`: the document may hold an object in two places (YAML aliases); JSON.parse makes none,
 * so a JSON document's walk need not remember what it has seen.
 */
export function dereferenceInPlace(root: Schema, options: { shared: boolean } = { shared: true }): boolean {
  const sites = referenceSites(root, options.shared);
  if (!sites) return false;
  const targets = new Map<string, unknown>();
  for (const { pointer } of sites) {
    if (targets.has(pointer)) continue;
    const target = resolvePointer(root, pointer, new Set());
    if (target === undefined) return false;
    targets.set(pointer, target);
  }
  const extended = sites.filter((site) => site.extended);
  if (extended.some((site) => mergesDeeply(site.reference, targets.get(site.pointer)))) return false;
  for (const { holder, key, pointer, extended: isExtendedSite } of sites) {
    if (!isExtendedSite) setAt(holder, key, targets.get(pointer));
  }
  // the targets hold their values now; a reference with keys beside it copies them, after those
  // of any such reference inside the target
  const merged = new Map<Schema, unknown>();
  const mergedValue = (reference: Schema, pending: Set<Schema>): unknown => {
    const done = merged.get(reference);
    if (done !== undefined) return done;
    const target = targets.get(pointerOf(reference)!);
    if (!isSchema(target)) return target;
    pending.add(reference);
    const value: Schema = {};
    for (const key of Object.keys(reference)) if (key !== '$ref') value[key] = reference[key];
    for (const key of Object.keys(target)) {
      if (Object.hasOwn(value, key)) continue;
      const inner = target[key];
      value[key] =
        isSchema(inner) && extendedReferences.has(inner) && !pending.has(inner)
          ? mergedValue(inner, pending)
          : inner;
    }
    pending.delete(reference);
    merged.set(reference, value);
    return value;
  };
  const extendedReferences = new Set(extended.map((site) => site.reference));
  for (const { holder, key, reference } of extended) {
    setAt(holder, key, mergedValue(reference, new Set()));
  }
  return true;
}

/**
 * Every `$ref` object of the document where it is held; undefined when one is not the usual kind.
 * The walk reads arrays by index and objects with for...in (V8 reads a key's value from the
 * object's enum cache then; a list of keys per object made it twice as slow on a 7 MB spec).
 */
function referenceSites(root: Schema, shared: boolean): RefSite[] | undefined {
  if ('$ref' in root) return undefined;
  const sites: RefSite[] = [];
  const stack: Holder[] = [root];
  // a YAML alias shares an object: it is walked once
  const walked = shared ? new Set<object>() : undefined;
  /** Queues a value held at `holder[key]`; false when it is a reference of another kind. */
  const reached = (holder: Holder, key: string | number, value: object): boolean => {
    if (Array.isArray(value) || !('$ref' in value)) {
      stack.push(value as Holder);
      return true;
    }
    const pointer = pointerOf(value as Schema);
    if (!pointer) return false;
    sites.push({ holder, key, reference: value as Schema, pointer, extended: isExtended(value as Schema) });
    // the keys beside a $ref may hold references too
    for (const name in value) {
      const beside = (value as Schema)[name];
      if (name !== '$ref' && beside && typeof beside === 'object') stack.push(beside as Holder);
    }
    return true;
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (walked) {
      if (walked.has(node)) continue;
      walked.add(node);
    }
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        const value = node[index];
        if (value && typeof value === 'object' && !reached(node, index, value)) return undefined;
      }
      continue;
    }
    if ('$id' in node) return undefined;
    for (const key in node) {
      const value = node[key];
      if (value && typeof value === 'object' && !reached(node, key, value)) return undefined;
    }
  }
  return sites;
}

/** The library merges a key that both the reference and its target hold as objects: not done here. */
function mergesDeeply(reference: Schema, target: unknown): boolean {
  if (!isSchema(target)) return false;
  return Object.keys(reference).some(
    (key) =>
      key !== '$ref' &&
      typeof reference[key] === 'object' &&
      reference[key] !== null &&
      typeof target[key] === 'object' &&
      target[key] !== null,
  );
}

function setAt(holder: Holder, key: string | number, value: unknown): void {
  (holder as Record<string | number, unknown>)[key] = value;
}

/** What a pointer leads to, through references on the way and at its end; undefined when it does not resolve. */
function resolvePointer(root: Schema, pointer: string, following: Set<string>): unknown {
  if (following.has(pointer)) return undefined;
  following.add(pointer);
  let node: unknown = root;
  for (const token of pointer.slice(2).split('/')) {
    node = followReference(root, node, following);
    const name = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, name)) return undefined;
    node = (node as Record<string, unknown>)[name];
  }
  return followReference(root, node, following);
}

/** A reference met on the way is followed when it is a plain one; one with keys beside it is the library's. */
function followReference(root: Schema, node: unknown, following: Set<string>): unknown {
  if (!isSchema(node) || !('$ref' in node)) return node;
  const pointer = pointerOf(node);
  if (!pointer || isExtended(node)) return undefined;
  return resolvePointer(root, pointer, following);
}
