import type { PyValue } from '../../shared/python/literal.js';
import type { DecoratedFunction, SignatureParam } from './source-signature.js';
import { parseType, type TypeExpr } from './source-signature-settings.js';

/**
 * `--source-args owner=dlt-hub,name=dlt`: the arguments that are passed to the source function
 * in code, typed after the function's annotations (`players=magnuscarlsen,vincentkeymer` becomes a
 * list for a `List[str]` parameter; JSON is accepted for lists and dicts).
 */

export type SourceArgs = Map<string, string>;

/** Splits `a=1,b=x,y,c=[1, 2]` at the commas that start a new `name=`. */
export function splitSourceArgs(text: string): SourceArgs | string {
  const args: SourceArgs = new Map();
  const trimmed = text.trim();
  if (trimmed === '') return args;
  for (const part of trimmed.split(/,(?=\s*[A-Za-z_]\w*\s*=)/)) {
    const match = /^\s*([A-Za-z_]\w*)\s*=(.*)$/s.exec(part);
    if (!match) return `"${part.trim()}" is not name=value`;
    const [, name, value] = match;
    if (args.has(name!)) return `${name} is given twice`;
    args.set(name!, value!.trim());
  }
  return args;
}

const LIST_TYPES = new Set([
  'List',
  'list',
  'Sequence',
  'Iterable',
  'Tuple',
  'tuple',
  'Set',
  'set',
  'Collection',
]);
const DICT_TYPES = new Set(['Dict', 'dict', 'Mapping', 'DictStrAny', 'DictStrStr']);

const baseName = (expr: TypeExpr) => expr.name.split('.').at(-1) ?? expr.name;

/** The members of a Union/Optional, without None. */
function members(expr: TypeExpr | undefined): TypeExpr[] {
  if (!expr) return [];
  const name = baseName(expr);
  if (name === 'Optional' || name === 'Union') {
    return expr.args.filter((arg) => arg.name !== 'None').flatMap((arg) => members(arg));
  }
  return [expr];
}

function tryJson(raw: string): PyValue | undefined {
  if (!/^[[{]/.test(raw)) return undefined;
  try {
    return JSON.parse(raw) as PyValue;
  } catch {
    return undefined;
  }
}

function scalar(raw: string, expr: TypeExpr | undefined): PyValue | Error {
  const name = expr ? baseName(expr) : 'str';
  const unquoted = raw.replace(/^"(.*)"$|^'(.*)'$/s, '$1$2');
  if (name === 'int') {
    if (!/^-?\d+$/.test(raw)) return new Error(`"${raw}" is not an integer`);
    // a larger one would be written as 1e+23, not with its digits
    return Number.isSafeInteger(Number(raw))
      ? Number(raw)
      : new Error(
          `"${raw}" has more digits than can be kept exactly (at most ${Number.MAX_SAFE_INTEGER}); set it in the script`,
        );
  }
  if (name === 'float') {
    return raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : new Error(`"${raw}" is not a number`);
  }
  if (name === 'bool') {
    if (/^(true|yes|1)$/i.test(raw)) return true;
    if (/^(false|no|0)$/i.test(raw)) return false;
    return new Error(`"${raw}" is not true or false`);
  }
  return unquoted;
}

/** The Python value for a raw argument, after the parameter's annotation. */
export function argumentValue(raw: string, annotation: string | undefined): PyValue | Error {
  if (raw === 'None') return null;
  const options = members(annotation ? parseType(annotation) : undefined);
  const json = tryJson(raw);
  const list = options.find((option) => LIST_TYPES.has(baseName(option)));
  const dict = options.find((option) => DICT_TYPES.has(baseName(option)));
  if (
    json !== undefined &&
    (Array.isArray(json) ? list || options.length === 0 : dict || options.length === 0)
  ) {
    return json;
  }
  if (dict && options.length === 1) return new Error(`give a JSON object, e.g. {"key": "value"}`);
  const plain = options.find(
    (option) => !LIST_TYPES.has(baseName(option)) && !DICT_TYPES.has(baseName(option)),
  );
  // a List[...] splits a comma list into items; a Union[str, List[str]] does too when there is a comma
  if (list && (!plain || raw.includes(','))) {
    const items = raw.split(',').map((item) => scalar(item.trim(), list.args[0]));
    const failed = items.find((item): item is Error => item instanceof Error);
    return failed ?? (items as PyValue[]);
  }
  return scalar(raw, plain);
}

/** Parameters that may be given in code: everything but secrets (those belong in secrets.toml). */
export function passableParams(fn: DecoratedFunction): SignatureParam[] {
  const params = fn.kind === 'transformer' ? fn.params.slice(1) : fn.params;
  return params.filter((param) => param.default !== 'secret' && param.name !== 'self');
}

export function requiredParams(fn: DecoratedFunction): SignatureParam[] {
  return passableParams(fn).filter((param) => param.default === 'absent');
}

export interface ResolvedArgs {
  values: Map<string, PyValue>;
}

/** Checks and types the arguments for a function; a message naming what to change when they do not fit. */
export function resolveSourceArgs(text: string, fn: DecoratedFunction): ResolvedArgs | string {
  const split = splitSourceArgs(text);
  if (typeof split === 'string') return split;
  const passable = passableParams(fn);
  const problems: string[] = [];
  const values = new Map<string, PyValue>();
  for (const [name, raw] of split) {
    const param = fn.params.find((candidate) => candidate.name === name);
    if (param?.default === 'secret') {
      problems.push(`${name} is a secret: put it in .dlt/secrets.toml, not in code`);
      continue;
    }
    if (!param || !passable.includes(param)) {
      problems.push(
        `${fn.function} has no argument ${name} (it takes: ${passable.map((p) => p.name).join(', ') || 'none'})`,
      );
      continue;
    }
    const value = argumentValue(raw, param.annotation);
    if (value instanceof Error) problems.push(`${name}: ${value.message}`);
    else values.set(name, value);
  }
  const missing = requiredParams(fn).filter((param) => !split.has(param.name));
  if (missing.length > 0) {
    problems.push(
      `${fn.function} needs ${missing.map((param) => `${param.name}=<${param.annotation ?? 'value'}>`).join(',')}`,
    );
  }
  return problems.length > 0 ? problems.join('; ') : { values };
}

/** `owner=<str>,name=<str>`: what --source-args should look like for a function. */
export function sourceArgsExample(fn: DecoratedFunction): string {
  return requiredParams(fn)
    .map((param) => `${param.name}=<${param.annotation ?? 'value'}>`)
    .join(',');
}
