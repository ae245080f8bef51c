/**
 * The resources of a custom source, and the compact text form --resources takes, so that a script
 * or a coding agent can describe all of them in one option:
 *
 *   items:merge:id cursor=updated_at initial_value=2024-01-01T00:00:00Z, comments parent=items
 *
 * Resources are separated by `,`, `;` or new lines. Each starts with `name[:write_disposition][:primary_key]`
 * (a merge strategy may follow merge: `items:merge:upsert:id`; a compound key joins with `+`:
 * `id+date`), then `key=value` settings separated by blanks (values may be quoted).
 * An --answers file may instead give a list of objects with the same keys.
 */
import {
  type MergeStrategy as DltMergeStrategy,
  WRITE_DISPOSITIONS,
  type WriteDisposition,
} from '../../shared/dlt/write-dispositions.js';
import { splitKeyValue, tokenizeEntries } from '../../shared/questions/key-value-syntax.js';

/** The merge strategies a custom resource takes (dlt's, but cdc), in the order they are offered. */
export const MERGE_STRATEGIES = [
  'delete-insert',
  'upsert',
  'scd2',
  'insert-only',
] as const satisfies readonly DltMergeStrategy[];
export type MergeStrategy = (typeof MERGE_STRATEGIES)[number];

export interface ResourceSpec {
  name: string;
  writeDisposition: WriteDisposition;
  mergeStrategy?: MergeStrategy;
  primaryKey: string[];
  /** Field of the incremental cursor (dlt.sources.incremental). */
  cursor?: string;
  initialValue?: string | number;
  /** The resource whose pages this transformer reads (`@dlt.transformer(data_from=...)`). */
  parent?: string;
  /** rest_client: the endpoint; `{field}` takes a field of the parent row. */
  path?: string;
  /** rest_client: the query parameter that gets the cursor's start value. */
  startParam?: string;
  /** rest_client: where the rows are in the response (a JSON path). */
  dataSelector?: string;
  /** rest_client: a paginator type for this endpoint, when it pages unlike the others. */
  paginator?: string;
  /** package: the client method that returns the rows, e.g. `list_items` or `customers.list`. */
  call?: string;
}

/** The settings after the head, as the compact form spells them, with the aliases it accepts. */
const SETTING_KEYS: Record<string, keyof ResourceSpec> = {
  write_disposition: 'writeDisposition',
  disposition: 'writeDisposition',
  strategy: 'mergeStrategy',
  merge_strategy: 'mergeStrategy',
  primary_key: 'primaryKey',
  key: 'primaryKey',
  cursor: 'cursor',
  incremental: 'cursor',
  initial_value: 'initialValue',
  initial: 'initialValue',
  parent: 'parent',
  data_from: 'parent',
  path: 'path',
  start_param: 'startParam',
  data_selector: 'dataSelector',
  paginator: 'paginator',
  call: 'call',
};

export const RESOURCE_SETTINGS = [
  'write_disposition',
  'primary_key',
  'cursor',
  'initial_value',
  'parent',
  'path',
  'start_param',
  'data_selector',
  'paginator',
  'call',
] as const;

export class ResourceSyntaxError extends Error {}

/** Splits on entry separators (`,` `;` new line) and blanks, honouring double and single quotes. */
function tokenize(text: string): string[][] {
  return tokenizeEntries(text, {
    separators: ',;',
    unclosedQuote: (quote) => new ResourceSyntaxError(`a ${quote} quote is not closed`),
  });
}

const isDisposition = (text: string): text is WriteDisposition =>
  (WRITE_DISPOSITIONS as readonly string[]).includes(text);
const isStrategy = (text: string): text is MergeStrategy =>
  (MERGE_STRATEGIES as readonly string[]).includes(text);

function splitKey(text: string): string[] {
  return text
    .split('+')
    .map((part) => part.trim())
    .filter(Boolean);
}

function parseInitialValue(text: string): string | number {
  return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

/** `merge`, `merge:upsert`, or a dict-like object from an answers file. */
function parseDisposition(value: unknown, spec: ResourceSpec): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { disposition, strategy } = value as { disposition?: unknown; strategy?: unknown };
    parseDisposition(disposition, spec);
    if (strategy !== undefined) parseStrategy(strategy, spec);
    return;
  }
  const [disposition, strategy] = String(value).split(':');
  if (!isDisposition(disposition ?? '')) {
    throw new ResourceSyntaxError(
      `${spec.name}: write_disposition "${String(value)}" is not one of: append, replace, merge, merge:<strategy>`,
    );
  }
  spec.writeDisposition = disposition as WriteDisposition;
  if (strategy !== undefined) parseStrategy(strategy, spec);
}

function parseStrategy(value: unknown, spec: ResourceSpec): void {
  const text = String(value);
  if (!isStrategy(text)) {
    throw new ResourceSyntaxError(
      `${spec.name}: merge strategy "${text}" is not one of: ${MERGE_STRATEGIES.join(', ')}`,
    );
  }
  spec.mergeStrategy = text;
}

function applySetting(spec: ResourceSpec, key: string, value: unknown): void {
  const field = SETTING_KEYS[key] ?? SETTING_KEYS[toSnake(key)];
  if (!field) {
    throw new ResourceSyntaxError(
      `${spec.name}: "${key}" is not a resource setting; use: ${RESOURCE_SETTINGS.join(', ')}`,
    );
  }
  if (value === undefined || value === null || value === '') {
    throw new ResourceSyntaxError(`${spec.name}: ${key} needs a value`);
  }
  switch (field) {
    case 'writeDisposition':
      parseDisposition(value, spec);
      break;
    case 'mergeStrategy':
      parseStrategy(value, spec);
      break;
    case 'primaryKey':
      spec.primaryKey = Array.isArray(value) ? value.map(String) : splitKey(String(value));
      break;
    case 'initialValue':
      spec.initialValue = typeof value === 'number' ? value : parseInitialValue(String(value));
      break;
    default:
      spec[field as 'cursor' | 'parent' | 'path' | 'startParam' | 'dataSelector' | 'paginator' | 'call'] =
        String(value);
  }
}

function toSnake(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function parseHead(head: string): ResourceSpec {
  const [name = '', ...rest] = head.split(':');
  const spec: ResourceSpec = { name, writeDisposition: 'append', primaryKey: [] };
  let index = 0;
  if (rest[index] !== undefined && isDisposition(rest[index]!)) {
    spec.writeDisposition = rest[index] as WriteDisposition;
    index += 1;
    if (spec.writeDisposition === 'merge' && rest[index] !== undefined && isStrategy(rest[index]!)) {
      spec.mergeStrategy = rest[index] as MergeStrategy;
      index += 1;
    }
  }
  const remaining = rest.slice(index);
  if (remaining.length > 1) {
    throw new ResourceSyntaxError(
      `"${head}": write it as name[:write_disposition][:primary_key], e.g. items:merge:id (a disposition is append, replace or merge)`,
    );
  }
  if (remaining[0]) spec.primaryKey = splitKey(remaining[0]);
  return spec;
}

/** A merge strategy only means something with merge: refuse it rather than merge an append resource. */
function checkedStrategy(spec: ResourceSpec): ResourceSpec {
  if (spec.mergeStrategy && spec.writeDisposition !== 'merge') {
    throw new ResourceSyntaxError(
      `${spec.name}: merge strategy "${spec.mergeStrategy}" goes with write_disposition merge, not ${spec.writeDisposition}: ` +
        `write ${spec.name}:merge:${spec.mergeStrategy}, or leave the strategy out`,
    );
  }
  return spec;
}

function parseEntry(tokens: string[]): ResourceSpec {
  const [head = '', ...settings] = tokens;
  if (head.includes('=')) {
    throw new ResourceSyntaxError(`"${head}": a resource starts with its name, e.g. items:merge:id`);
  }
  const spec = parseHead(head);
  for (const setting of settings) {
    const keyValue = splitKeyValue(setting);
    if (!keyValue) {
      throw new ResourceSyntaxError(`${spec.name}: "${setting}" is not a key=value setting`);
    }
    applySetting(spec, ...keyValue);
  }
  return checkedStrategy(spec);
}

function parseObject(value: Record<string, unknown>): ResourceSpec {
  const { name, ...settings } = value;
  if (typeof name !== 'string' || name === '') {
    throw new ResourceSyntaxError('every resource needs a name');
  }
  const spec: ResourceSpec = { name, writeDisposition: 'append', primaryKey: [] };
  for (const [key, setting] of Object.entries(settings)) {
    if (setting !== undefined && setting !== null) applySetting(spec, key, setting);
  }
  return checkedStrategy(spec);
}

/**
 * The resources described by compact text, a list of compact strings, or a list of objects (from
 * an answers file). Throws ResourceSyntaxError with what is wrong and what is allowed.
 */
export function parseResources(input: unknown): ResourceSpec[] {
  if (Array.isArray(input)) {
    return input.flatMap((item) => {
      if (typeof item === 'string') return parseResources(item);
      if (item && typeof item === 'object') return [parseObject(item as Record<string, unknown>)];
      throw new ResourceSyntaxError(`"${String(item)}" is not a resource: give a name or an object`);
    });
  }
  if (input && typeof input === 'object') return [parseObject(input as Record<string, unknown>)];
  if (typeof input !== 'string') throw new ResourceSyntaxError('give resources as text, e.g. items:merge:id');
  return tokenize(input).map(parseEntry);
}

function quote(value: string): string {
  return /^[^\s,;"'=]+$/.test(value) ? value : `"${value}"`;
}

/** The canonical compact text of the resources: what is stored in .yo-rc.json and shown as a default. */
export function formatResources(resources: readonly ResourceSpec[]): string {
  return resources
    .map((resource) => {
      const keyInHead =
        resource.primaryKey.length > 0 &&
        resource.primaryKey.every(
          (part) => /^[A-Za-z0-9_.-]+$/.test(part) && !isDisposition(part) && !isStrategy(part),
        );
      let head = resource.name;
      const settings: string[] = [];
      const strategy = resource.mergeStrategy ? `:${resource.mergeStrategy}` : '';
      if (keyInHead || resource.writeDisposition !== 'append' || strategy) {
        head += `:${resource.writeDisposition}${strategy}`;
      }
      if (keyInHead) head += `:${resource.primaryKey.join('+')}`;
      else if (resource.primaryKey.length > 0)
        settings.push(`primary_key=${quote(resource.primaryKey.join('+'))}`);
      const add = (key: string, value: string | number | undefined) => {
        if (value !== undefined) settings.push(`${key}=${quote(String(value))}`);
      };
      add('cursor', resource.cursor);
      add('initial_value', resource.initialValue);
      add('parent', resource.parent);
      add('path', resource.path);
      add('start_param', resource.startParam);
      add('data_selector', resource.dataSelector);
      add('paginator', resource.paginator);
      add('call', resource.call);
      return [head, ...settings].join(' ');
    })
    .join(', ');
}

/** Orders resources so that every parent comes before its transformers (stable otherwise). */
export function parentsFirst(resources: readonly ResourceSpec[]): ResourceSpec[] {
  const ordered: ResourceSpec[] = [];
  const placed = new Set<string>();
  const byName = new Map(resources.map((resource) => [resource.name, resource]));
  const place = (resource: ResourceSpec, path: string[]) => {
    if (placed.has(resource.name)) return;
    if (path.includes(resource.name)) {
      throw new ResourceSyntaxError(`the parents form a loop: ${[...path, resource.name].join(' -> ')}`);
    }
    const parent = resource.parent ? byName.get(resource.parent) : undefined;
    if (parent) place(parent, [...path, resource.name]);
    placed.add(resource.name);
    ordered.push(resource);
  };
  for (const resource of resources) place(resource, []);
  return ordered;
}
