import { type Dirent, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { itemValue } from './edit.js';
import { descendantsOfType, type PyNode, type PyTree, parsePython, stringValue } from './parser.js';
import { type LiteralValue, literalValue, type NOT_LITERAL } from './pipeline-scan-literals.js';

/**
 * Finds what dlt loads in a project's Python files, by reading their syntax trees: resources of
 * rest_api config dicts (by name) and functions decorated with @dlt.resource / @dlt.transformer,
 * with where they are, whether they load incrementally already and whether they can be edited.
 */

/** A setting as written in the source: its text, its value when it is a literal, and its node. */
export interface FoundSetting {
  text: string;
  value: LiteralValue | typeof NOT_LITERAL;
  node: PyNode;
}

export interface FoundIncremental {
  /**
   * rest-endpoint: an `incremental` block in the endpoint (current syntax);
   * rest-param: a `{"type": "incremental"}` query param (deprecated syntax);
   * rest-defaults: inherited from `resource_defaults`;
   * python-argument: a `dlt.sources.incremental(...)` parameter default;
   * python-decorator: `incremental=` in the decorator.
   */
  style: 'rest-endpoint' | 'rest-param' | 'rest-defaults' | 'python-argument' | 'python-decorator';
  /** By dlt's names: cursor_path, initial_value, end_value, lag, row_order ... */
  settings: Record<string, FoundSetting>;
  /** REST: the query parameter that carries the start value. */
  param?: string;
  /** Python: the function parameter that holds the incremental. */
  argument?: string;
  /** The dict (REST) or call (Python) that holds the settings. */
  node: PyNode;
}

interface FoundResourceBase {
  name: string;
  /** Project-relative path with forward slashes. */
  file: string;
  /** 1-based line of the resource's definition. */
  line: number;
  incremental?: FoundIncremental;
  /** Why the resource cannot be edited safely; undefined when it can be. */
  notEditable?: string;
  writeDisposition?: FoundSetting;
  primaryKey?: FoundSetting;
  /** table_format: delta or iceberg make merge work on a filesystem destination. */
  tableFormat?: FoundSetting;
}

export interface RestResource extends FoundResourceBase {
  kind: 'rest';
  /** The entry of the `resources` list: a string (the name) or the resource dict. */
  node: PyNode;
  /** The resource dict; undefined when the entry is a plain string. */
  dict?: PyNode;
  config: RestApiConfig;
}

export interface PythonResource extends FoundResourceBase {
  kind: 'python';
  decorator: 'resource' | 'transformer';
  functionName: string;
  /** True when `name=` is set by an expression, so the resource's name is known only at run time. */
  dynamicName: boolean;
  /** The function_definition node. */
  definition: PyNode;
  /** The decorator's expression: `dlt.resource` or the `dlt.resource(...)` call. */
  decoratorExpression: PyNode;
}

export type FoundResource = RestResource | PythonResource;

export interface RestApiConfig {
  /** The config dict literal. */
  node: PyNode;
  line: number;
  /** The name the dict is assigned to, e.g. `config`. */
  variable?: string;
  /** The `resources` list literal, when it is one. */
  resourcesList?: PyNode;
  /** The `resource_defaults` dict literal, when there is one. */
  resourceDefaults?: PyNode;
  resources: RestResource[];
}

/** Something found that is not listed as a resource, e.g. resources built by code. */
export interface ScanNote {
  file: string;
  line: number;
  message: string;
}

/** The names a file binds to dlt's modules and functions through its imports. */
export interface DltNames {
  /** Names the file binds to the `dlt` module by importing it (`dlt`, or an alias). */
  dlt: Set<string>;
  /** Names bound to `dlt.sources`. */
  sources: Set<string>;
  /** Names bound to dlt.resource / dlt.transformer. */
  decorators: Map<string, 'resource' | 'transformer'>;
  /** Names bound to dlt.sources.incremental (or dlt.extract's Incremental). */
  incremental: Set<string>;
  /** Names bound to dlt.pipeline. */
  pipeline: Set<string>;
}

export interface ScannedFile {
  file: string;
  source: string;
  tree: PyTree;
  dltNames: DltNames;
  restConfigs: RestApiConfig[];
  resources: FoundResource[];
  notes: ScanNote[];
  /** Literal names of the pipelines the file creates with dlt.pipeline(...). */
  pipelineNames: string[];
}

export interface ProjectScan {
  root: string;
  files: ScannedFile[];
  /** Files that do not parse: reported, never edited. */
  unparseable: { file: string; errors: string[] }[];
  resources: FoundResource[];
  notes: ScanNote[];
}

/** Folders never searched: virtual environments, installed packages, caches; hidden ones too. */
export const SKIPPED_FOLDERS = new Set(['.venv', 'venv', 'node_modules', 'site-packages', '__pycache__']);
const MAX_FILE_BYTES = 2_000_000;

const LOOPS = new Set([
  'for_statement',
  'while_statement',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
]);

const line = (node: PyNode) => node.startPosition.row + 1;

/** Source text for a message: on one line, cut at `length` characters. */
const excerpt = (text: string, length = 40) => {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
};

function setting(node: PyNode | null | undefined): FoundSetting | undefined {
  return node ? { text: node.text, value: literalValue(node), node } : undefined;
}

/** The loop (for/while/comprehension) a node is defined in, if any. */
function enclosingLoop(node: PyNode): PyNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (LOOPS.has(parent.type)) return parent;
  }
  return undefined;
}

function loopReason(loop: PyNode): string {
  return (
    `it is defined inside a loop (line ${line(loop)}), so the same code makes several resources ` +
    'and cannot be edited safely; make it incremental by hand'
  );
}

/** Every Python file of a project, as sorted project-relative paths with forward slashes. */
export function listPythonFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.py')) {
        if (statSync(path).size <= MAX_FILE_BYTES) found.push(relative(root, path).split(sep).join('/'));
      }
    }
  };
  walk(root);
  return found.sort();
}

/**
 * Reads every Python file of the project (`read` may serve files not yet on disk), or only the
 * one `only` names (project-relative), when it is there.
 */
export async function scanProject(
  root: string,
  read: (file: string) => string = (file) => readFileSync(join(root, file), 'utf8'),
  only?: string,
): Promise<ProjectScan> {
  const scan: ProjectScan = { root, files: [], unparseable: [], resources: [], notes: [] };
  const files = only === undefined ? listPythonFiles(root) : existsSync(join(root, only)) ? [only] : [];
  for (const file of files) {
    const result = await scanPythonSource(read(file), file);
    if ('errors' in result) {
      scan.unparseable.push({ file, errors: result.errors });
      continue;
    }
    scan.files.push(result);
    scan.resources.push(...result.resources);
    scan.notes.push(...result.notes);
  }
  return scan;
}

/** Scans one file; a file with syntax errors yields its errors instead. */
export async function scanPythonSource(
  source: string,
  file: string,
): Promise<ScannedFile | { file: string; errors: string[] }> {
  const { tree, errors } = await parsePython(source);
  if (errors.length > 0) return { file, errors };
  const root = tree.rootNode;
  const dltNames = findDltNames(root);
  const notes: ScanNote[] = [];
  const restConfigs = findRestApiConfigs(root, file, notes);
  const python = findPythonResources(root, file, dltNames, notes);
  const resources = [...restConfigs.flatMap((config) => config.resources), ...python].sort(
    (a, b) => a.line - b.line,
  );
  const pipelineNames = findPipelineNames(root, dltNames);
  return { file, source, tree, dltNames, restConfigs, resources, notes, pipelineNames };
}

/** The names given to dlt.pipeline(...) (or `pipeline` imported from dlt) as string literals. */
function findPipelineNames(root: PyNode, names: DltNames): string[] {
  const found: string[] = [];
  for (const { name } of findPipelineCalls(root, names)) if (!found.includes(name)) found.push(name);
  return found;
}

/** Every dlt.pipeline(...) call (or `pipeline` imported from dlt) whose name is a string literal. */
export function findPipelineCalls(root: PyNode, names: DltNames): { name: string; call: PyNode }[] {
  const found: { name: string; call: PyNode }[] = [];
  for (const call of descendantsOfType(root, 'call')) {
    const callee = call.childForFieldName('function');
    const isPipeline =
      callee?.type === 'attribute'
        ? isDltModule(callee.childForFieldName('object'), names) &&
          callee.childForFieldName('attribute')?.text === 'pipeline'
        : callee?.type === 'identifier' && names.pipeline.has(callee.text);
    const args = call.childForFieldName('arguments');
    if (!isPipeline || !args) continue;
    const first = args.namedChildren.find((child) => child?.type !== 'comment');
    const name = stringValue(
      itemValue(args, 'pipeline_name') ?? (first?.type === 'string' ? first : undefined),
    );
    if (name) found.push({ name, call });
  }
  return found;
}

// ---------------------------------------------------------------- imports

export function findDltNames(root: PyNode): DltNames {
  const names: DltNames = {
    dlt: new Set(),
    sources: new Set(),
    decorators: new Map(),
    incremental: new Set(),
    pipeline: new Set(),
  };
  for (const statement of descendantsOfType(root, 'import_statement')) {
    for (const imported of statement.childrenForFieldName('name')) {
      if (!imported) continue;
      const [dotted, alias] =
        imported.type === 'aliased_import'
          ? [imported.childForFieldName('name')?.text, imported.childForFieldName('alias')?.text]
          : [imported.text, undefined];
      if (dotted === 'dlt') names.dlt.add(alias ?? 'dlt');
      if (dotted === 'dlt.sources' && alias) names.sources.add(alias);
    }
  }
  for (const statement of descendantsOfType(root, 'import_from_statement')) {
    const module = statement.childForFieldName('module_name')?.text;
    for (const imported of statement.childrenForFieldName('name')) {
      if (!imported) continue;
      const [name, alias] =
        imported.type === 'aliased_import'
          ? [imported.childForFieldName('name')?.text, imported.childForFieldName('alias')?.text]
          : [imported.text, undefined];
      const local = alias ?? name ?? '';
      if (module === 'dlt' && (name === 'resource' || name === 'transformer')) {
        names.decorators.set(local, name);
      } else if (module === 'dlt' && name === 'pipeline') {
        names.pipeline.add(local);
      } else if (module === 'dlt' && name === 'sources') {
        names.sources.add(local);
      } else if (module === 'dlt.sources' && name === 'incremental') {
        names.incremental.add(local);
      } else if (module?.startsWith('dlt.extract') && name === 'Incremental') {
        names.incremental.add(local);
      }
    }
  }
  return names;
}

/** True for a name bound to the dlt module (`dlt` itself counts even when the import is missing). */
const isDltModule = (node: PyNode | null | undefined, names: DltNames) =>
  node?.type === 'identifier' && (node.text === 'dlt' || names.dlt.has(node.text));

/**
 * dlt keeps one incremental state for a transformer, not one per parent item: each call starts
 * from the cursor the calls before it reached, so a fresh run drops every child record older than
 * the newest one seen under an earlier parent (300 comments of the sample API became 96).
 */
export const TRANSFORMER_REASON =
  "it is a @dlt.transformer: dlt keeps one cursor for all its parent items, so each parent's records " +
  'older than the newest of an earlier parent would be dropped (rows lost even on the first run); ' +
  'make the parent resource incremental instead, or load the children in a @dlt.resource of their own';

/** 'resource' / 'transformer' when `node` names dlt's decorator (`dlt.resource`, an imported alias). */
function decoratorKind(node: PyNode | null, names: DltNames): 'resource' | 'transformer' | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return names.decorators.get(node.text);
  if (node.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute')?.text;
  if (!isDltModule(object, names)) return undefined;
  return attribute === 'resource' || attribute === 'transformer' ? attribute : undefined;
}

/** True when `node` is dlt.sources.incremental (or an alias, or a subscript of it). */
export function isIncrementalCallee(node: PyNode | null, names: DltNames): boolean {
  if (!node) return false;
  if (node.type === 'subscript') return isIncrementalCallee(node.childForFieldName('value'), names);
  if (node.type === 'identifier') return names.incremental.has(node.text);
  if (node.type !== 'attribute' || node.childForFieldName('attribute')?.text !== 'incremental') return false;
  const object = node.childForFieldName('object');
  if (object?.type === 'identifier') return names.sources.has(object.text);
  if (object?.type !== 'attribute' || object.childForFieldName('attribute')?.text !== 'sources') return false;
  return isDltModule(object.childForFieldName('object'), names);
}

// ---------------------------------------------------------------- Python resources

const INCREMENTAL_POSITIONAL = [
  'cursor_path',
  'initial_value',
  'last_value_func',
  'primary_key',
  'end_value',
];

/** The settings of a `dlt.sources.incremental(...)` call, by parameter name. */
export function incrementalCallSettings(call: PyNode): Record<string, FoundSetting> {
  const settings: Record<string, FoundSetting> = {};
  const args = call.childForFieldName('arguments');
  let position = 0;
  for (const argument of args?.namedChildren ?? []) {
    if (!argument || argument.type === 'comment') continue;
    if (argument.type === 'keyword_argument') {
      const name = argument.childForFieldName('name')?.text;
      const found = setting(argument.childForFieldName('value'));
      if (name && found) settings[name] = found;
    } else {
      const name = INCREMENTAL_POSITIONAL[position++];
      const found = setting(argument);
      if (name && found) settings[name] = found;
    }
  }
  return settings;
}

function findPythonResources(
  root: PyNode,
  file: string,
  names: DltNames,
  notes: ScanNote[],
): PythonResource[] {
  const resources: PythonResource[] = [];
  const decoratorExpressions = new Set<number>();
  for (const decorated of descendantsOfType(root, 'decorated_definition')) {
    const definition = decorated.childForFieldName('definition');
    if (definition?.type !== 'function_definition') continue;
    for (const decorator of decorated.namedChildren) {
      if (decorator?.type !== 'decorator') continue;
      const expression = decorator.namedChildren.find((child) => child?.type !== 'comment');
      if (!expression) continue;
      const call = expression.type === 'call' ? expression : undefined;
      const kind = decoratorKind(call ? call.childForFieldName('function') : expression, names);
      if (!kind) continue;
      decoratorExpressions.add(expression.id);
      resources.push(pythonResource(file, kind, expression, definition, names));
    }
  }
  // dlt.resource(fetch, name=...) called rather than used as a decorator
  for (const call of descendantsOfType(root, 'call')) {
    if (decoratorExpressions.has(call.id)) continue;
    const kind = decoratorKind(call.childForFieldName('function'), names);
    const data = call.childForFieldName('arguments')?.namedChildren[0];
    if (!kind || !data || data.type === 'keyword_argument') continue;
    const name = stringValue(itemValue(call.childForFieldName('arguments')!, 'name')) ?? data.text;
    notes.push({
      file,
      line: line(call),
      message:
        `${name}: made by calling dlt.${kind}(...), which this tool does not edit; ` +
        'pass incremental=dlt.sources.incremental(...) to that call by hand',
    });
  }
  return resources;
}

function pythonResource(
  file: string,
  kind: 'resource' | 'transformer',
  expression: PyNode,
  definition: PyNode,
  names: DltNames,
): PythonResource {
  const functionName = definition.childForFieldName('name')?.text ?? '';
  const args = expression.type === 'call' ? expression.childForFieldName('arguments') : null;
  const nameNode = args ? itemValue(args, 'name') : undefined;
  const literalName = stringValue(nameNode);
  const resource: PythonResource = {
    kind: 'python',
    name: literalName ?? functionName,
    file,
    line: line(definition),
    decorator: kind,
    functionName,
    dynamicName: nameNode !== undefined && literalName === undefined,
    definition,
    decoratorExpression: expression,
    writeDisposition: setting(args ? itemValue(args, 'write_disposition') : undefined),
    primaryKey: setting(args ? itemValue(args, 'primary_key') : undefined),
    tableFormat: setting(args ? itemValue(args, 'table_format') : undefined),
  };
  const loop = enclosingLoop(definition);
  if (loop) resource.notEditable = loopReason(loop);
  else if (kind === 'transformer') resource.notEditable = TRANSFORMER_REASON;

  const fromDecorator = args ? itemValue(args, 'incremental') : undefined;
  if (
    fromDecorator?.type === 'call' &&
    isIncrementalCallee(fromDecorator.childForFieldName('function'), names)
  ) {
    resource.incremental = {
      style: 'python-decorator',
      settings: incrementalCallSettings(fromDecorator),
      node: fromDecorator,
    };
  }
  for (const parameter of definition.childForFieldName('parameters')?.namedChildren ?? []) {
    if (parameter?.type !== 'default_parameter' && parameter?.type !== 'typed_default_parameter') continue;
    const value = parameter.childForFieldName('value');
    const argument = parameter.childForFieldName('name')?.text;
    if (value?.type === 'call' && isIncrementalCallee(value.childForFieldName('function'), names)) {
      resource.incremental = {
        style: 'python-argument',
        settings: incrementalCallSettings(value),
        argument,
        node: value,
      };
    } else if (parameter.type === 'typed_default_parameter') {
      // `updated_at: dlt.sources.incremental[str] = dlt.config.value`: configured in config.toml
      const annotation = parameter.childForFieldName('type')?.namedChildren[0] ?? null;
      const annotated =
        isIncrementalCallee(annotation, names) ||
        (annotation?.type === 'generic_type' &&
          isIncrementalCallee(annotation.namedChildren[0] ?? null, names));
      if (annotated && value)
        resource.incremental = { style: 'python-argument', settings: {}, argument, node: value };
    }
  }
  if (resource.incremental?.style === 'python-argument' && !resource.notEditable) {
    const { node } = resource.incremental;
    if (node.type !== 'call') {
      resource.notEditable =
        `its incremental argument "${resource.incremental.argument}" is set in config, not in code; ` +
        'change its settings in .dlt/config.toml';
    }
  }
  return resource;
}

// ---------------------------------------------------------------- rest_api configs

const isRestConfig = (dict: PyNode) => {
  const keys = dict.namedChildren
    .filter((child) => child?.type === 'pair')
    .map((pair) => stringValue(pair!.childForFieldName('key')));
  return keys.includes('client') && keys.includes('resources');
};

/** The literal an identifier is assigned once in the file (`resources = [...]`), if it is one. */
function resolveName(root: PyNode, name: string, type: string): PyNode | undefined {
  const assigned = descendantsOfType(root, 'assignment').filter(
    (assignment) => assignment.childForFieldName('left')?.text === name,
  );
  if (assigned.length !== 1) return undefined;
  const value = assigned[0]!.childForFieldName('right');
  return value?.type === type ? value : undefined;
}

/** rest_api config dicts (those with "client" and "resources") and their resources by name. */
export function findRestApiConfigs(root: PyNode, file: string, notes: ScanNote[] = []): RestApiConfig[] {
  const configs: RestApiConfig[] = [];
  for (const dict of descendantsOfType(root, 'dictionary')) {
    if (!isRestConfig(dict)) continue;
    const parent = dict.parent;
    const config: RestApiConfig = {
      node: dict,
      line: line(dict),
      variable: parent?.type === 'assignment' ? parent.childForFieldName('left')?.text : undefined,
      resources: [],
    };
    const defaults = itemValue(dict, 'resource_defaults');
    if (defaults?.type === 'dictionary') config.resourceDefaults = defaults;
    let list = itemValue(dict, 'resources');
    if (list?.type === 'identifier') list = resolveName(root, list.text, 'list') ?? list;
    if (list?.type !== 'list') {
      notes.push({
        file,
        line: line(list ?? dict),
        message:
          `the resources of the rest_api config at line ${config.line} are built by code ` +
          `(${excerpt(list?.text ?? '')}), so they cannot be found or edited safely`,
      });
      configs.push(config);
      continue;
    }
    config.resourcesList = list;
    const loop = enclosingLoop(dict);
    for (const entry of list.namedChildren) {
      if (!entry || entry.type === 'comment') continue;
      const resource = restResource(root, file, config, entry, notes);
      if (!resource) continue;
      if (loop && !resource.notEditable) resource.notEditable = loopReason(loop);
      config.resources.push(resource);
    }
    configs.push(config);
  }
  return configs;
}

function restResource(
  root: PyNode,
  file: string,
  config: RestApiConfig,
  entry: PyNode,
  notes: ScanNote[],
): RestResource | undefined {
  if (entry.type === 'string') {
    const name = stringValue(entry);
    if (name === undefined) return undefined;
    const resource: RestResource = { kind: 'rest', name, file, line: line(entry), node: entry, config };
    applyDefaults(resource);
    return resource;
  }
  const dict = entry.type === 'identifier' ? resolveName(root, entry.text, 'dictionary') : entry;
  if (dict?.type !== 'dictionary') {
    if (entry.type === 'list_comprehension' || entry.type === 'list_splat') {
      notes.push({
        file,
        line: line(entry),
        message: `resources built by code at line ${line(entry)} cannot be found or edited safely`,
      });
    }
    return undefined;
  }
  const nameNode = itemValue(dict, 'name');
  const name = stringValue(nameNode);
  if (name === undefined) {
    notes.push({
      file,
      line: line(dict),
      message: `a rest_api resource whose name is set by code (${excerpt(nameNode?.text ?? 'no "name"')}) cannot be edited safely`,
    });
    return undefined;
  }
  const resource: RestResource = {
    kind: 'rest',
    name,
    file,
    line: line(dict),
    node: entry,
    dict,
    config,
    writeDisposition: setting(itemValue(dict, 'write_disposition')),
    primaryKey: setting(itemValue(dict, 'primary_key')),
    tableFormat: setting(itemValue(dict, 'table_format')),
  };
  const endpoint = itemValue(dict, 'endpoint');
  if (endpoint?.type === 'dictionary') resource.incremental = endpointIncremental(endpoint, 'rest-endpoint');
  else if (endpoint && endpoint.type !== 'string') {
    resource.notEditable = `its endpoint is set by code (${excerpt(endpoint.text)}), not a dict literal`;
  }
  applyDefaults(resource);
  return resource;
}

/** Settings a resource inherits from the config's resource_defaults. */
function applyDefaults(resource: RestResource): void {
  const defaults = resource.config.resourceDefaults;
  if (!defaults) return;
  resource.writeDisposition ??= setting(itemValue(defaults, 'write_disposition'));
  resource.primaryKey ??= setting(itemValue(defaults, 'primary_key'));
  resource.tableFormat ??= setting(itemValue(defaults, 'table_format'));
  const endpoint = itemValue(defaults, 'endpoint');
  if (!resource.incremental && endpoint?.type === 'dictionary') {
    const inherited = endpointIncremental(endpoint, 'rest-defaults');
    if (inherited) resource.incremental = inherited;
  }
}

const START_PLACEHOLDER = '{incremental.start_value}';

/** The incremental settings of an endpoint dict, current or deprecated syntax. */
export function endpointIncremental(
  endpoint: PyNode,
  style: 'rest-endpoint' | 'rest-defaults',
): FoundIncremental | undefined {
  const params = itemValue(endpoint, 'params');
  const block = itemValue(endpoint, 'incremental');
  if (block?.type === 'dictionary') {
    const settings: Record<string, FoundSetting> = {};
    for (const pair of block.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const key = stringValue(pair.childForFieldName('key'));
      const found = setting(pair.childForFieldName('value'));
      if (key && found) settings[key] = found;
    }
    let param: string | undefined;
    for (const pair of params?.type === 'dictionary' ? params.namedChildren : []) {
      if (pair?.type !== 'pair') continue;
      if (stringValue(pair.childForFieldName('value'))?.includes(START_PLACEHOLDER)) {
        param = stringValue(pair.childForFieldName('key'));
      }
    }
    const startParam = settings.start_param?.value;
    if (param === undefined && typeof startParam === 'string') param = startParam;
    return { style, settings, param, node: block };
  }
  for (const pair of params?.type === 'dictionary' ? params.namedChildren : []) {
    if (pair?.type !== 'pair') continue;
    const value = pair.childForFieldName('value');
    if (value?.type !== 'dictionary' || stringValue(itemValue(value, 'type')) !== 'incremental') continue;
    const settings: Record<string, FoundSetting> = {};
    for (const entry of value.namedChildren) {
      if (entry?.type !== 'pair') continue;
      const key = stringValue(entry.childForFieldName('key'));
      const found = setting(entry.childForFieldName('value'));
      if (key && key !== 'type' && found) settings[key] = found;
    }
    return { style: 'rest-param', settings, param: stringValue(pair.childForFieldName('key')), node: value };
  }
  return undefined;
}

/** The rest_api resource of a config by name. */
export function restResourceByName(config: RestApiConfig, name: string): RestResource | undefined {
  return config.resources.find((resource) => resource.name === name);
}

/** The module name dlt gives a pipeline file's sources and resources (its config section). */
export function moduleSection(file: string): string {
  const parts = file.split('/');
  const stem = posix.basename(file, '.py');
  return stem === '__init__' && parts.length > 1 ? parts[parts.length - 2]! : stem;
}
