import type { CatalogEntry, CatalogParam, CredentialSpec } from '../../shared/dlt/verified-catalog.js';
import {
  type ConfigSpecClass,
  type DecoratedFunction,
  type PackageSignature,
  type SignatureParam,
  sectionOf,
  sourceResources,
} from './source-signature.js';

/**
 * Turns a source's signature into the settings dlt will look up at run time: one entry per
 * secret or required config value, in the table where dlt resolves it, with credential classes
 * expanded into their fields.
 */

export type ValueKind = 'text' | 'integer' | 'number' | 'boolean';

export interface DerivedSetting {
  /** e.g. ['sources', 'zendesk', 'credentials'] */
  table: string[];
  key: string;
  secret: boolean;
  kind: ValueKind;
  /** Where it comes from, for messages: `zendesk_support(credentials)`. */
  origin: string;
  /** The other shapes a Union of credential classes accepts, to show next to the first field. */
  note?: string;
  /** What the value is, from the function's docstring. */
  description?: string;
}

export interface DerivedSettings {
  settings: DerivedSetting[];
}

/** What to write for a required list, dict ...: the placeholder's comment names the TOML shape. */
function complexNote(annotation: string): string {
  if (/^(typing\.)?(List|Sequence|Iterable|Tuple|Set|list|tuple|set)\b/.test(annotation))
    return `a list (${annotation}), e.g. ["a", "b"]`;
  if (/^(typing\.)?(Dict|Mapping|dict)\b/.test(annotation))
    return `a table (${annotation}), e.g. { key = "value" }`;
  return `a ${annotation} value, written in TOML`;
}

// ---------------------------------------------------------------------------------------------
// Type expressions

export interface TypeExpr {
  name: string;
  args: TypeExpr[];
}

/** Parses an annotation such as `Optional[Union[A, B]]` or `str | None` (strings and numbers as names). */
export function parseType(text: string): TypeExpr | undefined {
  const tokens = text.match(/\.\.\.|[A-Za-z_][\w.]*|"[^"]*"|'[^']*'|-?\d+(\.\d+)?|[[\],|]/g) ?? [];
  let at = 0;
  const union = (): TypeExpr | undefined => {
    const members: TypeExpr[] = [];
    do {
      const member = primary();
      if (!member) return undefined;
      members.push(member);
    } while (tokens[at] === '|' && ++at);
    return members.length === 1 ? members[0] : { name: 'Union', args: members };
  };
  const list = (close: string): TypeExpr[] | undefined => {
    const args: TypeExpr[] = [];
    while (tokens[at] !== close) {
      const arg = union();
      if (!arg) return undefined;
      args.push(arg);
      if (tokens[at] === ',') at++;
      else if (tokens[at] !== close) return undefined;
    }
    at++;
    return args;
  };
  const primary = (): TypeExpr | undefined => {
    const token = tokens[at++];
    if (token === undefined) return undefined;
    if (token === '[') {
      const args = list(']');
      return args ? { name: '[]', args } : undefined;
    }
    if (/^[\],|]$/.test(token)) return undefined;
    const name = token.replace(/^["']|["']$/g, '');
    if (tokens[at] !== '[') return { name, args: [] };
    at++;
    const args = list(']');
    return args ? { name, args } : undefined;
  };
  const expr = union();
  return expr && at === tokens.length ? expr : undefined;
}

const TEXT_TYPES = new Set([
  'str',
  'Text',
  'AnyStr',
  'TSecretValue',
  'TSecretStrValue',
  'TSecretStr',
  'SecretStr',
  'Any',
  'TAnyDateTime',
  'datetime',
  'date',
  'DateTime',
  'Date',
  'TJsonPath',
  'Literal',
  'LiteralString',
]);
const SECRET_TYPES = new Set(['TSecretValue', 'TSecretStrValue', 'TSecretStr', 'SecretStr']);
const SCALARS: Record<string, ValueKind> = {
  int: 'integer',
  float: 'number',
  Decimal: 'number',
  bool: 'boolean',
};
const COMPLEX_TYPES = new Set([
  'List',
  'list',
  'Sequence',
  'MutableSequence',
  'Iterable',
  'Iterator',
  'Collection',
  'Dict',
  'dict',
  'Mapping',
  'MutableMapping',
  'DictStrAny',
  'DictStrStr',
  'StrAny',
  'StrStr',
  'Tuple',
  'tuple',
  'Set',
  'set',
  'FrozenSet',
  'TDataItem',
  'TDataItems',
  'Callable',
  '[]',
]);
const WRAPPERS = new Set(['Annotated', 'Final', 'ClassVar', 'Required', 'NotRequired']);

interface TableShape {
  className: string;
  fields: { name: string; kind: ValueKind; secret: boolean }[];
}

type Shape =
  | { kind: 'scalar'; value: ValueKind; secretType: boolean }
  | { kind: 'complex' }
  /** A configuration or credentials class: a nested table; a Union lists each alternative. */
  | { kind: 'table'; alternatives: TableShape[] }
  | { kind: 'unknown'; name: string };

interface Classified {
  shape: Shape;
  optional: boolean;
}

export interface TypeContext {
  classes: ReadonlyMap<string, ConfigSpecClass>;
  aliases: ReadonlyMap<string, string>;
  specs: Readonly<Record<string, CredentialSpec>>;
}

const baseName = (name: string) => name.split('.').at(-1) ?? name;
const isNone = (expr: TypeExpr) => expr.name === 'None' || expr.name === 'NoneType';

function classify(expr: TypeExpr, context: TypeContext, depth = 0): Classified {
  const name = baseName(expr.name);
  if (depth > 12) return { shape: { kind: 'unknown', name }, optional: false };
  if (name === 'Optional' && expr.args[0])
    return { ...classify(expr.args[0], context, depth + 1), optional: true };
  if (WRAPPERS.has(name) && expr.args[0]) return classify(expr.args[0], context, depth + 1);
  if (name === 'Union') {
    const members = expr.args.filter((arg) => !isNone(arg));
    const optional = members.length < expr.args.length;
    if (members.length === 1) {
      const only = classify(members[0]!, context, depth + 1);
      return { shape: only.shape, optional: optional || only.optional };
    }
    const shapes = members.map((member) => classify(member, context, depth + 1).shape);
    const tables = shapes.flatMap((shape) => (shape.kind === 'table' ? shape.alternatives : []));
    if (tables.length > 0) return { shape: { kind: 'table', alternatives: tables }, optional };
    const scalar = shapes.find((shape) => shape.kind === 'scalar');
    return { shape: scalar ?? shapes[0] ?? { kind: 'unknown', name }, optional };
  }
  if (name in SCALARS)
    return { shape: { kind: 'scalar', value: SCALARS[name]!, secretType: false }, optional: false };
  if (TEXT_TYPES.has(name)) {
    return { shape: { kind: 'scalar', value: 'text', secretType: SECRET_TYPES.has(name) }, optional: false };
  }
  if (COMPLEX_TYPES.has(name)) return { shape: { kind: 'complex' }, optional: false };
  const alias = context.aliases.get(name);
  const aliased = alias ? parseType(alias) : undefined;
  if (aliased) return classify(aliased, context, depth + 1);
  const table = tableShapes(name, context, depth);
  if (table) return { shape: { kind: 'table', alternatives: table }, optional: false };
  return { shape: { kind: 'unknown', name }, optional: false };
}

function specFieldKind(spec: CredentialSpec, field: string): ValueKind {
  const type = spec.field_types?.[field];
  return type ? (SCALARS[type] ?? 'text') : 'text';
}

/** The table(s) a class name stands for: a configspec class of the package, or a known dlt class. */
function tableShapes(name: string, context: TypeContext, depth: number): TableShape[] | undefined {
  const own = context.classes.get(name);
  if (own) return [{ className: name, fields: classFields(own, context, depth + 1) }];
  const spec = context.specs[name];
  if (!spec) return undefined;
  if (spec.union_of) {
    return Object.entries(spec.union_of).map(([className, fields]) => ({
      className,
      fields: fields
        .filter((field) => !field.includes('(optional)'))
        .map((field) => ({ name: field, kind: 'text' as const, secret: true })),
    }));
  }
  const fields = spec.fields_written_by_init ?? [];
  return [
    {
      className: name,
      fields: fields.map((field) => ({ name: field, kind: specFieldKind(spec, field), secret: true })),
    },
  ];
}

/** The fields dlt needs for a configspec class: required ones (and annotated ones), bases first. */
function classFields(spec: ConfigSpecClass, context: TypeContext, depth: number): TableShape['fields'] {
  const fields = new Map<string, TableShape['fields'][number]>();
  for (const base of spec.bases) {
    if (base === spec.name) continue;
    for (const field of tableShapes(base, context, depth)?.[0]?.fields ?? []) fields.set(field.name, field);
  }
  for (const field of spec.fields) {
    const parsed = field.annotation ? parseType(field.annotation) : undefined;
    const classified = parsed ? classify(parsed, context, depth + 1) : undefined;
    const required = !classified?.optional && ['absent', 'none', 'secret', 'config'].includes(field.default);
    const wanted = required || spec.configGenAnnotations.includes(field.name);
    if (!wanted || classified?.shape.kind !== 'scalar') {
      fields.delete(field.name);
      continue;
    }
    fields.set(field.name, {
      name: field.name,
      kind: classified.shape.value,
      secret: classified.shape.secretType || field.default === 'secret',
    });
  }
  return [...fields.values()];
}

// ---------------------------------------------------------------------------------------------
// Settings of a function

function describeAlternatives(alternatives: TableShape[]): string | undefined {
  if (alternatives.length < 2) return undefined;
  return `or instead: ${alternatives
    .slice(1)
    .map((shape) => `${shape.fields.map((field) => field.name).join(', ')} (${shape.className})`)
    .join('; ')}`;
}

class SettingsCollector {
  readonly settings: DerivedSetting[] = [];

  constructor(private readonly context: TypeContext) {}

  private has(table: string[], key: string): boolean {
    const same = (other: { table: string[]; key: string }) =>
      other.key === key && other.table.join('.') === table.join('.');
    return this.settings.some(same);
  }

  add(
    table: string[],
    param: Pick<SignatureParam, 'name' | 'annotation' | 'default'>,
    origin: string,
    description?: string,
  ): void {
    const secret = param.default === 'secret';
    if (!secret && param.default !== 'config') return;
    if (this.has(table, param.name)) return;
    const parsed = param.annotation ? parseType(param.annotation) : undefined;
    const classified: Classified = parsed
      ? classify(parsed, this.context)
      : { shape: { kind: 'scalar', value: 'text', secretType: false }, optional: false };
    // like dlt init: secrets are always written; optional settings are left to their defaults
    if (!secret && classified.optional) return;
    const { shape } = classified;
    if (shape.kind !== 'table') {
      const scalar = shape.kind === 'scalar';
      this.settings.push({
        table,
        key: param.name,
        secret: secret || (scalar && shape.secretType),
        kind: scalar ? shape.value : 'text',
        origin,
        // a complex type gets a placeholder too (dlt init writes none), its TOML shape in a note
        ...(shape.kind === 'complex' ? { note: complexNote(param.annotation ?? '') } : {}),
        ...(description ? { description } : {}),
      });
      return;
    }
    const [first, ...others] = shape.alternatives;
    if (!first) return;
    const nested = [...table, param.name];
    const note = describeAlternatives([first, ...others]);
    first.fields.forEach((field, index) => {
      if (this.has(nested, field.name)) return;
      this.settings.push({
        table: nested,
        key: field.name,
        secret: secret || field.secret,
        kind: field.kind,
        origin,
        ...(index === 0 && note ? { note } : {}),
      });
    });
  }
}

const originOf = (fn: DecoratedFunction, param: string) => `${fn.function}(${param})`;

/** Whether the source passes `param` to the resource itself (then the resource does not read it). */
function passedBySource(source: DecoratedFunction, resource: DecoratedFunction, param: string): boolean {
  const index = resource.params.findIndex((candidate) => candidate.name === param);
  return source.calls.some(
    (call) => call.callee === resource.function && (call.keywords.includes(param) || call.positional > index),
  );
}

/**
 * The secrets and required config of an entry point (a source, or a standalone resource), and of
 * the resources it uses that read their own, each in the section dlt resolves it from.
 */
export function settingsOf(
  signature: PackageSignature,
  fn: DecoratedFunction,
  specs: Readonly<Record<string, CredentialSpec>>,
): DerivedSettings {
  const collector = new SettingsCollector({ classes: signature.classes, aliases: signature.aliases, specs });
  const table = ['sources', sectionOf(fn)];
  for (const param of fn.params)
    collector.add(table, param, originOf(fn, param.name), fn.argDocs[param.name]);
  if (fn.kind === 'source') {
    for (const resource of sourceResources(signature, fn)) {
      for (const param of resource.params) {
        if (passedBySource(fn, resource, param.name)) continue;
        const description = resource.argDocs[param.name];
        collector.add(['sources', sectionOf(resource)], param, originOf(resource, param.name), description);
      }
    }
  }
  return { settings: collector.settings };
}

// ---------------------------------------------------------------------------------------------
// The catalog as a fallback, when the code cannot be read

const asParams = (params: readonly CatalogParam[], kind: 'secret' | 'config') =>
  params.map((param) => ({ name: param.name, annotation: param.type ?? undefined, default: kind }));

/** The same settings from the built-in catalog, for a source function or standalone resource. */
export function catalogSettings(
  entry: CatalogEntry,
  functionName: string,
  specs: Readonly<Record<string, CredentialSpec>>,
): DerivedSettings {
  const collector = new SettingsCollector({ classes: new Map(), aliases: new Map(), specs });
  const source = entry.sources.find((candidate) => candidate.function === functionName);
  const standalone = entry.standalone_resources?.find((candidate) => candidate.function === functionName);
  const section = source?.config_section_override ?? entry.name;
  const table = ['sources', section];
  const found = source ?? standalone;
  if (!found) return { settings: [] };
  for (const param of [...asParams(found.secrets, 'secret'), ...asParams(found.config, 'config')]) {
    collector.add(table, param, `${functionName}(${param.name})`);
  }
  if (source) {
    for (const resource of entry.resource_level_params ?? []) {
      for (const param of [...asParams(resource.secrets, 'secret'), ...asParams(resource.config, 'config')]) {
        collector.add(table, param, `${resource.resource_function}(${param.name})`);
      }
    }
  }
  return { settings: collector.settings };
}
