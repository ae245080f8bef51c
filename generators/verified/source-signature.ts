import { descendantsOfType, type PyNode, parsePython, stringValue } from '../../shared/python/parser.js';

/**
 * What a dlt source package declares, read statically from its Python files: the `@dlt.source`
 * and `@dlt.resource` functions with their parameters, the `@configspec` classes and the type
 * aliases that credentials are declared with. Nothing is imported or executed.
 */

/** How a parameter gets its value when the caller does not pass it. */
export type ParamDefault =
  /** `= dlt.secrets.value`: injected from secrets.toml */
  | 'secret'
  /** `= dlt.config.value`: injected from config.toml (or secrets.toml) */
  | 'config'
  /** `= None` */
  | 'none'
  /** any other default */
  | 'literal'
  /** no default: must be passed in code */
  | 'absent';

export interface SignatureParam {
  name: string;
  /** The annotation as written, on one line; undefined when there is none. */
  annotation?: string;
  default: ParamDefault;
  /** The default's source text, for `literal` defaults. */
  defaultText?: string;
}

export type DecoratorKind = 'source' | 'resource' | 'transformer';

export interface DecoratedFunction {
  kind: DecoratorKind;
  function: string;
  /** `name=` of the decorator when it is a string literal. */
  name?: string;
  /** `section=` of the decorator when it is a string literal. */
  section?: string;
  standalone: boolean;
  /** Dotted module inside the project, e.g. `github` for github/__init__.py, `github.helpers`. */
  module: string;
  /** Path relative to the package folder, e.g. `__init__.py`, `helpers/client.py`. */
  file: string;
  params: SignatureParam[];
  /** First paragraph of the docstring. */
  summary?: string;
  /** First sentence of each argument's description in the docstring's `Args:` section. */
  argDocs: Record<string, string>;
  /** Identifiers the body refers to (calls and bare names), to find the resources a source uses. */
  references: string[];
  /** Decorated functions defined inside the body (inner resources of a source). */
  inner: DecoratedFunction[];
  /** Names given to `dlt.resource(data, name="...")` calls inside the body. */
  literalResourceNames: string[];
  /** Calls of plain names in the body, with the arguments they pass. */
  calls: CallSite[];
  /** The body makes resources whose names are only known at run time. */
  dynamicResources: boolean;
  /** Cursor paths of `dlt.sources.incremental("...")` in the parameters or the decorator. */
  incrementalCursors: string[];
}

export interface CallSite {
  callee: string;
  keywords: string[];
  positional: number;
}

export interface SpecField {
  name: string;
  annotation?: string;
  default: ParamDefault;
}

/** A `@configspec` class: a credentials or configuration class with typed fields. */
export interface ConfigSpecClass {
  name: string;
  module: string;
  bases: string[];
  fields: SpecField[];
  /** `__config_gen_annotations__`: optional fields that dlt init writes anyway. */
  configGenAnnotations: string[];
}

export interface ImportedName {
  module: string;
  name: string;
}

export interface PackageSignature {
  packageName: string;
  /** Module-level decorated functions of every file (inner ones hang off their parent). */
  functions: DecoratedFunction[];
  classes: Map<string, ConfigSpecClass>;
  /** Module-level `Name = Union[...]` style aliases, by name, as annotation text. */
  aliases: Map<string, string>;
  /** Per module: local name -> where it was imported from (package-relative imports only). */
  imports: Map<string, Map<string, ImportedName>>;
  /** Files that did not parse cleanly, with their first error. */
  errors: string[];
}

export interface PackageFile {
  /** Path relative to the package folder, `/`-separated. */
  path: string;
  text: string;
}

const oneLine = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/\[\s+/g, '[')
    .replace(/\s+\]/g, ']')
    .replace(/,\s*\]/g, ']')
    .trim();

/** `github/__init__.py` -> `github`, `github/helpers/client.py` -> `github.helpers.client`. */
export function moduleOf(packageName: string, path: string): string {
  const parts = path.replace(/\.py$/, '').split('/');
  if (parts.at(-1) === '__init__') parts.pop();
  return [packageName, ...parts].join('.');
}

const isPackageInit = (path: string) => path === '__init__.py' || path.endsWith('/__init__.py');

function classifyDefault(node: PyNode | null): Pick<SignatureParam, 'default' | 'defaultText'> {
  if (!node) return { default: 'absent' };
  const text = node.text.replace(/\s+/g, '');
  // `dlt.secrets.value`, or `secrets.value` after `from dlt import secrets` / `from dlt.common.configuration import ...`
  if (/^(dlt\.)?secrets\.value$/.test(text)) return { default: 'secret' };
  if (/^(dlt\.)?config\.value$/.test(text)) return { default: 'config' };
  if (node.type === 'none') return { default: 'none' };
  return { default: 'literal', defaultText: node.text };
}

function readParams(parameters: PyNode | null): SignatureParam[] {
  if (!parameters) return [];
  const params: SignatureParam[] = [];
  for (const child of parameters.namedChildren) {
    if (!child) continue;
    switch (child.type) {
      case 'identifier':
        params.push({ name: child.text, default: 'absent' });
        break;
      case 'typed_parameter': {
        const name = child.namedChildren.find((c) => c?.type === 'identifier');
        const type = child.childForFieldName('type');
        if (name)
          params.push({
            name: name.text,
            annotation: type ? oneLine(type.text) : undefined,
            default: 'absent',
          });
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = child.childForFieldName('name');
        const type = child.childForFieldName('type');
        if (name?.type !== 'identifier') break;
        params.push({
          name: name.text,
          annotation: type ? oneLine(type.text) : undefined,
          ...classifyDefault(child.childForFieldName('value')),
        });
        break;
      }
      default:
        // *args, **kwargs, `*` and `/` separators never come from configuration
        break;
    }
  }
  return params;
}

interface DecoratorInfo {
  kind: DecoratorKind;
  call?: PyNode;
}

/** Recognises `@dlt.source`, `@dlt.resource(...)`, `@dlt.transformer`, and bare names imported from dlt. */
function dltDecorator(decorator: PyNode, fromDlt: Set<string>): DecoratorInfo | undefined {
  const expression = decorator.namedChildren[0];
  if (!expression) return undefined;
  const call = expression.type === 'call' ? expression : undefined;
  const target = call ? call.childForFieldName('function') : expression;
  if (!target) return undefined;
  const text = target.text;
  const kinds: DecoratorKind[] = ['source', 'resource', 'transformer'];
  for (const kind of kinds) {
    if (
      text === `dlt.${kind}` ||
      text === `dlt.extract.decorators.${kind}` ||
      (text === kind && fromDlt.has(kind))
    ) {
      return { kind, call };
    }
  }
  return undefined;
}

function keywordArgument(call: PyNode | undefined, keyword: string): PyNode | undefined {
  const args = call?.childForFieldName('arguments');
  for (const arg of args?.namedChildren ?? []) {
    if (arg?.type === 'keyword_argument' && arg.childForFieldName('name')?.text === keyword) {
      return arg.childForFieldName('value') ?? undefined;
    }
  }
  return undefined;
}

function docstring(body: PyNode | null): string | undefined {
  const first = body?.namedChildren[0];
  if (first?.type !== 'expression_statement') return undefined;
  return stringValue(first.namedChildren[0]);
}

function docSummary(text: string | undefined): string | undefined {
  const paragraph = text?.trim().split(/\n\s*\n/)[0] ?? '';
  return paragraph.replace(/\s+/g, ' ').trim() || undefined;
}

// a sentence ends at `.` followed by a capital letter or the end, so "e.g. http://..." stays whole
const firstSentence = (text: string) => (/^(.*?[.!?])(?=\s+[A-Z]|\s*$)/.exec(text)?.[1] ?? text).trim();

/** Google-style `Args:` entries: `name (type): description`, continued on deeper-indented lines. */
function argumentDocs(text: string | undefined): Record<string, string> {
  const docs: Record<string, string> = {};
  const lines = (text ?? '').split('\n');
  const start = lines.findIndex((line) => /^\s*(Args|Arguments|Parameters):\s*$/.test(line));
  if (start < 0) return docs;
  let current: string | undefined;
  let indent = -1;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') continue;
    const lineIndent = line.length - line.trimStart().length;
    const entry = /^\s*(\*{0,2}\w+)\s*(\([^)]*\))?\s*:\s*(.*)$/.exec(line);
    if (entry && (indent < 0 || lineIndent === indent)) {
      indent = lineIndent;
      current = entry[1]!;
      docs[current] = entry[3]!.trim();
    } else if (current && lineIndent > indent) {
      docs[current] = `${docs[current]} ${line.trim()}`.trim();
    } else {
      break;
    }
  }
  for (const [name, description] of Object.entries(docs))
    docs[name] = firstSentence(description.replace(/\s+/g, ' '));
  return docs;
}

/** Cursor paths of `incremental("x")` / `dlt.sources.incremental("x")` calls under `node`. */
function incrementalCursors(node: PyNode | null | undefined): string[] {
  if (!node) return [];
  const cursors: string[] = [];
  for (const call of descendantsOfType(node, 'call')) {
    const fn = call.childForFieldName('function')?.text ?? '';
    if (!/(^|\.)incremental$/.test(fn)) continue;
    const args = call.childForFieldName('arguments');
    const first = args?.namedChildren[0];
    const cursor =
      stringValue(first?.type === 'string' ? first : undefined) ??
      stringValue(keywordArgument(call, 'cursor_path'));
    if (cursor && !cursors.includes(cursor)) cursors.push(cursor);
  }
  return cursors;
}

/** Identifiers used in the body, outside nested decorated definitions' own parameter lists. */
function referencedNames(body: PyNode | null): string[] {
  if (!body) return [];
  const names = new Set<string>();
  for (const identifier of descendantsOfType(body, 'identifier')) {
    const parent = identifier.parent;
    // `obj.attr`: only the object is a reference; keyword names are not references
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) continue;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === identifier.id)
      continue;
    names.add(identifier.text);
  }
  return [...names];
}

function literalResourceNames(body: PyNode | null): { names: string[]; dynamic: boolean } {
  const names: string[] = [];
  let dynamic = false;
  for (const call of body ? descendantsOfType(body, 'call') : []) {
    const fn = call.childForFieldName('function')?.text;
    // `@dlt.resource(...)` on an inner function is a decorator, found as an inner resource
    if ((fn !== 'dlt.resource' && fn !== 'dlt.transformer') || call.parent?.type === 'decorator') continue;
    const name = stringValue(keywordArgument(call, 'name'));
    if (!name) dynamic = true;
    else if (!names.includes(name)) names.push(name);
  }
  return { names, dynamic };
}

function callSites(body: PyNode | null): CallSite[] {
  if (!body) return [];
  const sites: CallSite[] = [];
  for (const call of descendantsOfType(body, 'call')) {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'identifier') continue;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    sites.push({
      callee: callee.text,
      keywords: args
        .filter((arg) => arg?.type === 'keyword_argument')
        .map((arg) => arg!.childForFieldName('name')?.text ?? ''),
      positional: args.filter((arg) => arg && arg.type !== 'keyword_argument' && arg.type !== 'comment')
        .length,
    });
  }
  return sites;
}

function readFunction(
  decorated: PyNode,
  info: DecoratorInfo,
  context: { module: string; file: string; fromDlt: Set<string> },
): DecoratedFunction | undefined {
  const definition = decorated.childForFieldName('definition');
  if (definition?.type !== 'function_definition') return undefined;
  const body = definition.childForFieldName('body');
  const inner: DecoratedFunction[] = [];
  for (const child of body ? descendantsOfType(body, 'decorated_definition') : []) {
    // only direct nesting levels matter; deeper ones are found through their parent
    if (child.parent?.id !== body?.id) continue;
    for (const decorator of child.namedChildren.filter((c) => c?.type === 'decorator')) {
      const innerInfo = dltDecorator(decorator!, context.fromDlt);
      if (!innerInfo) continue;
      const fn = readFunction(child, innerInfo, context);
      if (fn) inner.push(fn);
      break;
    }
  }
  const parameters = definition.childForFieldName('parameters');
  const doc = docstring(body);
  const made = literalResourceNames(body);
  const standalone = keywordArgument(info.call, 'standalone')?.text === 'True';
  return {
    kind: info.kind,
    function: definition.childForFieldName('name')?.text ?? '',
    name: stringValue(keywordArgument(info.call, 'name')),
    section: stringValue(keywordArgument(info.call, 'section')),
    standalone,
    module: context.module,
    file: context.file,
    params: readParams(parameters),
    summary: docSummary(doc),
    argDocs: argumentDocs(doc),
    references: referencedNames(body),
    inner,
    literalResourceNames: made.names,
    dynamicResources: made.dynamic,
    calls: callSites(body),
    incrementalCursors: [...incrementalCursors(parameters), ...incrementalCursors(info.call)],
  };
}

function readClass(decorated: PyNode, module: string): ConfigSpecClass | undefined {
  const isConfigSpec = decorated.namedChildren.some(
    (child) =>
      child?.type === 'decorator' && /^@\s*(dlt\.common\.configuration\.)?configspec\b/.test(child.text),
  );
  const definition = decorated.childForFieldName('definition');
  if (!isConfigSpec || definition?.type !== 'class_definition') return undefined;
  const bases = (definition.childForFieldName('superclasses')?.namedChildren ?? [])
    .filter((node): node is PyNode => node?.type === 'identifier' || node?.type === 'attribute')
    .map((node) => node.text.split('.').at(-1) ?? node.text);
  const fields: SpecField[] = [];
  let configGenAnnotations: string[] = [];
  for (const statement of definition.childForFieldName('body')?.namedChildren ?? []) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const type = assignment.childForFieldName('type');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier') continue;
    if (left.text === '__config_gen_annotations__') {
      configGenAnnotations = descendantsOfType(right ?? left, 'string')
        .map((node) => stringValue(node))
        .filter((value): value is string => Boolean(value));
      continue;
    }
    if (!type || left.text.startsWith('_') || /^ClassVar\b/.test(type.text)) continue;
    fields.push({ name: left.text, annotation: oneLine(type.text), ...classifyDefault(right) });
  }
  return {
    name: definition.childForFieldName('name')?.text ?? '',
    module,
    bases,
    fields,
    configGenAnnotations,
  };
}

/** Resolves `from .x import y` in module `module` (a package when `isPackage`) to a dotted module. */
function resolveRelative(module: string, isPackage: boolean, prefixDots: number, rest: string): string {
  const parts = module.split('.');
  if (!isPackage) parts.pop();
  for (let i = 1; i < prefixDots; i++) parts.pop();
  return [...parts, ...(rest ? rest.split('.') : [])].join('.');
}

function readImports(
  root: PyNode,
  module: string,
  isPackage: boolean,
  packageName: string,
): { names: Map<string, ImportedName>; fromDlt: Set<string> } {
  const names = new Map<string, ImportedName>();
  const fromDlt = new Set<string>();
  for (const statement of root.namedChildren) {
    if (statement?.type !== 'import_from_statement') continue;
    const moduleNode = statement.childForFieldName('module_name');
    if (!moduleNode) continue;
    let source: string;
    if (moduleNode.type === 'relative_import') {
      const dots = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 1;
      const rest = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
      source = resolveRelative(module, isPackage, dots, rest);
    } else {
      source = moduleNode.text;
    }
    for (const nameNode of statement.childrenForFieldName('name')) {
      if (!nameNode) continue;
      const [original, local] =
        nameNode.type === 'aliased_import'
          ? [nameNode.childForFieldName('name')?.text ?? '', nameNode.childForFieldName('alias')?.text ?? '']
          : [nameNode.text, nameNode.text];
      if (source === 'dlt') fromDlt.add(original);
      if (source === packageName || source.startsWith(`${packageName}.`)) {
        names.set(local, { module: source, name: original });
      }
    }
  }
  return { names, fromDlt };
}

function readAliases(root: PyNode, aliases: Map<string, string>): void {
  for (const statement of root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) continue;
    const isTypeAlias = assignment.childForFieldName('type')?.text === 'TypeAlias';
    if (isTypeAlias || (right.type === 'subscript' && /^(typing\.)?(Union|Optional)\b/.test(right.text))) {
      aliases.set(left.text, oneLine(right.text));
    }
  }
}

/** Reads every Python file of a source package (paths relative to its folder). */
export async function derivePackageSignature(
  packageName: string,
  files: readonly PackageFile[],
): Promise<PackageSignature> {
  const signature: PackageSignature = {
    packageName,
    functions: [],
    classes: new Map(),
    aliases: new Map(),
    imports: new Map(),
    errors: [],
  };
  const pythonFiles = files
    .filter((file) => file.path.endsWith('.py'))
    .sort((a, b) => a.path.localeCompare(b.path));
  for (const file of pythonFiles) {
    const module = moduleOf(packageName, file.path);
    const { tree, errors } = await parsePython(file.text);
    if (errors.length > 0) signature.errors.push(`${packageName}/${file.path}: ${errors[0]}`);
    const root = tree.rootNode;
    const { names, fromDlt } = readImports(root, module, isPackageInit(file.path), packageName);
    signature.imports.set(module, names);
    readAliases(root, signature.aliases);
    for (const statement of root.namedChildren) {
      if (statement?.type !== 'decorated_definition') continue;
      const spec = readClass(statement, module);
      if (spec) {
        signature.classes.set(spec.name, spec);
        continue;
      }
      for (const decorator of statement.namedChildren.filter((c) => c?.type === 'decorator')) {
        const info = dltDecorator(decorator!, fromDlt);
        if (!info) continue;
        const fn = readFunction(statement, info, { module, file: file.path, fromDlt });
        if (fn) signature.functions.push(fn);
        break;
      }
    }
    tree.delete();
  }
  return signature;
}

/** The config section dlt resolves a function's arguments in: `section=`, else the module's last part. */
export function sectionOf(fn: DecoratedFunction): string {
  return fn.section ?? fn.module.split('.').at(-1) ?? fn.module;
}

/** The name a resource gets in its source (and the table it loads by default). */
export function resourceName(fn: DecoratedFunction): string {
  return fn.name ?? fn.function;
}

/**
 * Functions a user can build a pipeline around: the sources of the package (those of the
 * top module first), then its standalone resources (and those the catalog lists as such).
 */
export function entryPoints(
  signature: PackageSignature,
  extraStandalone: readonly string[] = [],
): DecoratedFunction[] {
  const top = (fn: DecoratedFunction) => (fn.module === signature.packageName ? 0 : 1);
  const sources = signature.functions
    .filter((fn) => fn.kind === 'source' && !fn.function.startsWith('_'))
    .sort((a, b) => top(a) - top(b));
  const standalone = signature.functions
    .filter((fn) => fn.kind !== 'source' && (fn.standalone || extraStandalone.includes(fn.function)))
    .sort((a, b) => top(a) - top(b));
  return [...sources, ...standalone];
}

/** The module to import an entry point from: the package itself when its `__init__` exposes it. */
export function importModule(signature: PackageSignature, fn: DecoratedFunction): string {
  if (fn.module === signature.packageName) return fn.module;
  const exposed = signature.imports.get(signature.packageName)?.get(fn.function);
  return exposed?.module === fn.module && exposed.name === fn.function ? signature.packageName : fn.module;
}

/** The module-level resource functions a source's body refers to (directly or through imports). */
export function referencedResources(signature: PackageSignature, fn: DecoratedFunction): DecoratedFunction[] {
  const imports = signature.imports.get(fn.module) ?? new Map<string, ImportedName>();
  const found: DecoratedFunction[] = [];
  for (const name of fn.references) {
    const target = imports.get(name) ?? { module: fn.module, name };
    const resource = signature.functions.find(
      (candidate) =>
        candidate.kind !== 'source' &&
        candidate.function === target.name &&
        candidate.module === target.module,
    );
    if (resource && !found.includes(resource)) found.push(resource);
  }
  return found;
}

/**
 * The resources a source yields, as far as the code says so statically: inner resources,
 * module-level resources it calls, and `dlt.resource(..., name="x")` calls.
 */
export function sourceResources(signature: PackageSignature, fn: DecoratedFunction): DecoratedFunction[] {
  if (fn.kind !== 'source') return [];
  return [...fn.inner.filter((inner) => inner.kind !== 'source'), ...referencedResources(signature, fn)];
}

/** Names of the resources a source yields, as far as the code tells (empty when they are dynamic). */
export function sourceResourceNames(signature: PackageSignature, fn: DecoratedFunction): string[] {
  const names = [...sourceResources(signature, fn).map(resourceName), ...fn.literalResourceNames];
  return [...new Set(names)];
}
