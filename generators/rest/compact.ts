/**
 * The compact resource syntax of --resources and --resource-defaults, so that a script or a coding
 * agent can describe several resources, and parent/child pairs, in one option:
 *
 *   items path=json_link/items primary_key=id write_disposition=merge;
 *   comments path=json_link/items/{resources.items.id}/comments include_from_parent=id
 *
 * Resources are separated by `;` or new lines; each starts with its name, followed by
 * `key=value` settings in dlt's own vocabulary (values may be quoted). `--resources items,comments`
 * (names only) is short for one resource per name with path = name.
 */

import { PAGINATOR_TYPES, PAGINATORS, type PaginatorType } from '../../shared/dlt/rest-vocabulary.js';
import { MERGE_STRATEGIES, WRITE_DISPOSITIONS } from '../../shared/dlt/write-dispositions.js';
import { UsageError } from '../../shared/plan/errors.js';
import type { PyValue } from '../../shared/python/literal.js';
import { didYouMean } from '../../shared/questions/did-you-mean.js';
import { splitKeyValue, tokenizeEntries } from '../../shared/questions/key-value-syntax.js';
import { type ConfigDict, ENDPOINT_KEYS, isDict } from './vocabulary.js';

/** The settings a resource accepts in the compact syntax, for messages and USAGE. */
export const COMPACT_KEYS = [
  'path',
  'method',
  'data_selector',
  'params.<name>',
  'headers.<name>',
  'json.<name>',
  'paginator',
  'paginator.<parameter>',
  'incremental.<parameter>',
  'primary_key',
  'merge_key',
  'write_disposition',
  'include_from_parent',
  'parallelized',
  'selected',
  'table_name',
  'max_table_nesting',
] as const;

const LIST_KEYS = new Set(['primary_key', 'merge_key', 'include_from_parent']);
const BOOL_KEYS = new Set(['parallelized', 'selected']);

/** Splits text into entries (on `;` and new lines) of tokens (on blanks), honouring quotes. */
export function tokenize(text: string): string[][] {
  return tokenizeEntries(text, {
    separators: ';',
    unclosedQuote: (quote) => new UsageError(`unbalanced ${quote} quote in "${text}"`),
  });
}

const isInteger = (text: string) => /^-?\d+$/.test(text);
/** A whole number JavaScript holds exactly (a larger one would be written as 1e+23). */
const isExactInteger = (text: string) => isInteger(text) && Number.isSafeInteger(Number(text));

function scalar(text: string, option: string, key: string, kind: 'int' | 'bool'): number | boolean {
  if (kind === 'int') {
    if (!isExactInteger(text)) {
      throw new UsageError(
        `${option}: ${key}=${text}: give a whole number${isInteger(text) ? ` up to ${Number.MAX_SAFE_INTEGER}` : ''}`,
      );
    }
    return Number(text);
  }
  if (/^(true|yes|1)$/i.test(text)) return true;
  if (/^(false|no|0)$/i.test(text)) return false;
  throw new UsageError(`${option}: ${key}=${text}: give true or false`);
}

/**
 * A query parameter or JSON body value: whole numbers become numbers, the rest stays text. A whole
 * number too large to hold exactly keeps its digits as text (a query string is text anyway).
 */
function requestValue(text: string, inBody: boolean, option: string, key: string): PyValue {
  if (isExactInteger(text)) return Number(text);
  if (isInteger(text) && inBody) {
    throw new UsageError(
      `${option}: ${key}=${text}: too large a number to keep every digit; write it in the script by hand`,
    );
  }
  if (inBody && /^(true|false)$/.test(text)) return text === 'true';
  if (inBody && text === 'null') return null;
  return text;
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

function writeDisposition(text: string, option: string): PyValue {
  const [disposition, strategy] = text.split(':');
  if (!(WRITE_DISPOSITIONS as readonly string[]).includes(disposition ?? '')) {
    throw new UsageError(
      `${option}: write_disposition=${text}: use append, replace, merge or merge:<strategy>`,
    );
  }
  if (strategy === undefined) return disposition!;
  if (disposition !== 'merge' || !(MERGE_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new UsageError(
      `${option}: write_disposition=${text}: a strategy goes with merge only: merge:${MERGE_STRATEGIES.join(', merge:')}`,
    );
  }
  return { disposition: 'merge', strategy };
}

function setPath(target: ConfigDict, path: readonly string[], value: PyValue): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (!isDict(next)) node[key] = {};
    node = node[key] as ConfigDict;
  }
  node[path[path.length - 1]!] = value;
}

/** Paginator parameters typed by the paginator's own parameter list. */
function typePaginator(paginator: ConfigDict, option: string): void {
  const type = paginator.type;
  if (typeof type !== 'string' || !(PAGINATOR_TYPES as readonly string[]).includes(type)) {
    throw new UsageError(
      `${option}: paginator=${String(type)}${didYouMean(type, PAGINATOR_TYPES)}; use one of ${PAGINATOR_TYPES.join(', ')} (set paginator= before paginator.<parameter>=)`,
    );
  }
  const known = PAGINATORS[type as PaginatorType].params;
  for (const [key, raw] of Object.entries(paginator)) {
    if (key === 'type') continue;
    const spec = known[key];
    if (!spec) {
      const allowed = Object.keys(known);
      throw new UsageError(
        `${option}: paginator.${key}: a ${type} paginator takes ${allowed.length ? allowed.join(', ') : 'no parameters'}`,
      );
    }
    const text = String(raw);
    if (spec.nullable && /^(none|null)$/i.test(text)) paginator[key] = null;
    else if (spec.kind === 'int' || spec.kind === 'bool')
      paginator[key] = scalar(text, option, key, spec.kind);
  }
}

/** Applies one `key=value` setting to a resource (or to resource_defaults). */
function applySetting(resource: ConfigDict, key: string, value: string, option: string): void {
  const [head, ...rest] = key.split('.');
  if (key.split('.').some((part) => part === '')) {
    throw new UsageError(`${option}: "${key}=": a key has a name between its dots, e.g. params.per_page=100`);
  }
  if (head === 'data_selector') checkDataSelector(value, option);
  const endpoint = () => {
    if (!isDict(resource.endpoint)) {
      resource.endpoint =
        typeof resource.endpoint === 'string' ? { path: resource.endpoint } : ({} as ConfigDict);
    }
    return resource.endpoint as ConfigDict;
  };
  if (head === 'endpoint' && rest.length > 0) {
    applySetting(resource, rest.join('.'), value, option);
    return;
  }
  if (head === 'params' || head === 'json' || head === 'headers') {
    if (rest.length === 0)
      throw new UsageError(`${option}: ${key}: name the entry, e.g. ${head}.per_page=100`);
    const typed = head === 'headers' ? value : requestValue(value, head === 'json', option, key);
    setPath(endpoint(), [head, ...rest], typed);
    return;
  }
  if (head === 'paginator') {
    if (rest.length === 0) {
      setPath(endpoint(), ['paginator', 'type'], value);
      return;
    }
    setPath(endpoint(), ['paginator', ...rest], value);
    return;
  }
  if (head === 'incremental') {
    if (rest.length === 0)
      throw new UsageError(`${option}: ${key}: use incremental.<parameter>=, e.g. incremental.cursor_path=`);
    setPath(endpoint(), ['incremental', ...rest], value);
    return;
  }
  if (rest.length === 0 && head && ENDPOINT_KEYS.has(head)) {
    endpoint()[head] = head === 'method' ? value.toUpperCase() : value;
    return;
  }
  if (rest.length > 0 || !head) throw unknownSetting(key, option);
  if (LIST_KEYS.has(head)) {
    const list = splitList(value);
    resource[head] = head !== 'include_from_parent' && list.length === 1 ? list[0]! : list;
  } else if (BOOL_KEYS.has(head)) {
    resource[head] = scalar(value, option, head, 'bool');
  } else if (head === 'max_table_nesting') {
    resource[head] = scalar(value, option, head, 'int');
  } else if (head === 'write_disposition') {
    resource[head] = writeDisposition(value, option);
  } else if (head === 'table_name') {
    resource[head] = value;
  } else {
    throw unknownSetting(key, option);
  }
}

/**
 * A data_selector is a JSONPath (dlt reads it with jsonpath-ng): its brackets, parentheses and
 * quotes must close, and it must not end in a dot. `$[` would fail only when the pipeline runs.
 */
function checkDataSelector(selector: string, option: string): void {
  const problem = (why: string) =>
    new UsageError(
      `${option}: data_selector=${selector}: ${why}; give a JSONPath such as data or $.results[*]`,
    );
  if (selector.trim() === '') throw problem('it is empty');
  const open: string[] = [];
  let quote: string | undefined;
  for (const char of selector) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '[' || char === '(') {
      open.push(char === '[' ? ']' : ')');
    } else if (char === ']' || char === ')') {
      if (open.pop() !== char) throw problem(`"${char}" closes nothing`);
    } else if (/[\p{Cc}]/u.test(char)) {
      throw problem('it holds a control character');
    }
  }
  if (quote) throw problem(`a ${quote} quote is not closed`);
  if (open.length > 0) throw problem(`"${open.at(-1)}" is missing`);
  if (/\.$/.test(selector)) throw problem('it ends in a dot');
}

function unknownSetting(key: string, option: string): UsageError {
  return new UsageError(
    `${option}: unknown setting "${key}"${didYouMean(key, COMPACT_KEYS)}; use one of: ${COMPACT_KEYS.join(', ')}`,
  );
}

function parseSettings(target: ConfigDict, tokens: readonly string[], option: string): ConfigDict {
  const seen = new Set<string>();
  for (const token of tokens) {
    const keyValue = splitKeyValue(token);
    if (!keyValue) {
      throw new UsageError(`${option}: "${token}" is not a key=value setting (e.g. primary_key=id)`);
    }
    const key = keyValue[0].replace(/^endpoint\./, '');
    if (seen.has(key)) {
      throw new UsageError(`${option}: ${key} is given twice; give each setting once`);
    }
    seen.add(key);
    applySetting(target, ...keyValue, option);
  }
  const endpoint = target.endpoint;
  if (isDict(endpoint) && isDict(endpoint.paginator)) typePaginator(endpoint.paginator, option);
  return target;
}

/** Parses --resources: one dict per resource, in dlt's EndpointResource shape. */
export function parseCompactResources(text: string, option = '--resources'): ConfigDict[] {
  const entries = tokenize(text);
  // `items,comments` or `items, comments`: names only; `items primary_key` is a setting without its
  // value, not two names
  const [only] = entries;
  const namesOnly =
    entries.length === 1 &&
    !only!.some((token) => token.includes('=')) &&
    only!.every((token, index) => index === 0 || only![index - 1]!.endsWith(',') || token.startsWith(','));
  const described = namesOnly ? splitList(only!.join('')).map((name) => [name]) : entries;
  return described.map((tokens) => {
    const [name, ...settings] = tokens;
    if (!name || name.includes('=')) {
      throw new UsageError(`${option}: start each resource with its name, e.g. "items path=items"`);
    }
    const { name: _, endpoint, ...hints } = parseSettings({ name }, settings, `${option} (${name})`);
    // dlt's usual order: name, endpoint (path first), then the hints
    const { path = name, ...request } = isDict(endpoint) ? endpoint : {};
    return { name, endpoint: { path, ...request }, ...hints };
  });
}

/** Parses --resource-defaults: settings every resource shares (EndpointResourceBase). */
export function parseCompactDefaults(text: string, option = '--resource-defaults'): ConfigDict {
  const entries = tokenize(text);
  return parseSettings({}, entries.flat(), option);
}
