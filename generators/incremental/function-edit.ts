import { DISPOSITION_SENTENCES, dispositionSentence } from '../../shared/dlt/write-dispositions.js';
import { UsageError } from '../../shared/plan/errors.js';
import { containerItems, itemKey, type PythonRewriter } from '../../shared/python/edit.js';
import { callDoc, type Doc, raw } from '../../shared/python/edit-layout.js';
import { toSnakeIdentifier } from '../../shared/python/naming.js';
import { descendantsOfType, type PyNode } from '../../shared/python/parser.js';
import type { FoundSetting, PythonResource, ScannedFile } from '../../shared/python/pipeline-scan.js';
import {
  type Desired,
  desiredPrimaryKey,
  desiredWriteDisposition,
  incrementalEntries,
  normalizedDisposition,
  normalizedPrimaryKey,
  sameSetting,
} from './desired.js';
import type { IncrementalSettings } from './settings.js';

/** Calls that usually fetch data: `requests.get(...)`, `client.paginate(...)`, `urlopen(...)`. */
const FETCH_METHODS = new Set(['get', 'post', 'request', 'paginate', 'urlopen', 'fetch', 'send', 'stream']);
const HTTP_OBJECTS = ['requests', 'session', 'client', 'http', 'httpx', 'api', 'urllib', 'request'];
const FETCH_FUNCTIONS = new Set(['paginate', 'urlopen', 'fetch']);
/** Builtins a cursor field is often named like; a parameter of that name would shadow them. */
const PYTHON_BUILTINS = new Set([
  'id',
  'type',
  'hash',
  'min',
  'max',
  'format',
  'filter',
  'input',
  'iter',
  'len',
  'list',
  'map',
  'next',
  'object',
  'open',
  'property',
  'range',
  'round',
  'set',
  'slice',
  'sorted',
  'str',
  'sum',
  'time',
  'vars',
  'zip',
  'all',
  'any',
  'bytes',
  'dict',
  'float',
  'int',
  'bool',
  'help',
  'dir',
]);
/** Nodes whose bodies run at another time than the function's own (not where it fetches). */
const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

export interface FunctionEditResult {
  /** The function parameter that holds the incremental. */
  argument: string;
  said: string[];
}

/**
 * How the file can write dlt.sources.incremental; when it imports nothing that reaches it, adds
 * `sources` to its `from dlt import ...` (kept in isort's order), or else `import dlt`.
 */
function incrementalCallee(rewriter: PythonRewriter, file: ScannedFile): string {
  const names = file.dltNames;
  const [dlt] = names.dlt;
  if (dlt) return `${dlt}.sources.incremental`;
  const imported = [...names.incremental].find((name) => name !== 'Incremental');
  if (imported) return imported;
  const [sources] = names.sources;
  if (sources) return `${sources}.incremental`;
  const root = file.tree.rootNode;
  const fromDlt = root.namedChildren.find(
    (node) => node?.type === 'import_from_statement' && node.childForFieldName('module_name')?.text === 'dlt',
  );
  const importedNames = fromDlt?.childrenForFieldName('name').filter((node): node is PyNode => node !== null);
  if (importedNames && importedNames.length > 0) {
    // isort (ruff's I001) orders lower-case names alphabetically, after constants and classes
    const after = importedNames.find((node) => {
      const text = (node.childForFieldName('name') ?? node).text;
      return text === text.toLowerCase() && text.toLowerCase() > 'sources';
    });
    if (after) rewriter.insertText(after.startIndex, 'sources, ');
    else rewriter.insertText(importedNames[importedNames.length - 1]!.endIndex, ', sources');
    return 'sources.incremental';
  }
  addDltImport(rewriter, file);
  return 'dlt.sources.incremental';
}

/** `import dlt` before the file's first import (after a module docstring), or at its top. */
function addDltImport(rewriter: PythonRewriter, file: ScannedFile): void {
  const statements = file.tree.rootNode.namedChildren.filter((node): node is PyNode => node !== null);
  const firstImport = statements.find(
    (node) =>
      (node.type === 'import_statement' || node.type === 'import_from_statement') &&
      node.childForFieldName('module_name')?.text !== '__future__',
  );
  if (firstImport) {
    rewriter.insertLinesBefore(firstImport, ['import dlt']);
    return;
  }
  const first = statements[0];
  const docstring = first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string';
  if (docstring) rewriter.insertText(first.endIndex, '\n\nimport dlt');
  else rewriter.insertText(0, 'import dlt\n\n');
}

/** A parameter name for the cursor: the last field of its path, unless the function has it already. */
export function argumentName(cursorPath: string, taken: readonly string[]): string {
  const fields = cursorPath.split(/[^A-Za-z0-9_]+/).filter((part) => /^[A-Za-z_]/.test(part));
  const base = toSnakeIdentifier(fields[fields.length - 1] ?? 'cursor');
  const candidates = PYTHON_BUILTINS.has(base) ? [`${base}_cursor`] : [base, `${base}_cursor`];
  for (const candidate of [...candidates, 'incremental_cursor']) {
    if (!taken.includes(candidate)) return candidate;
  }
  let counter = 2;
  while (taken.includes(`incremental_cursor_${counter}`)) counter++;
  return `incremental_cursor_${counter}`;
}

function parameterNames(definition: PyNode): string[] {
  const parameters = definition.childForFieldName('parameters');
  return containerItems(parameters!).flatMap((parameter) => {
    const name =
      itemKey(parameter) ?? parameter.namedChildren.find((child) => child?.type === 'identifier')?.text;
    return name ? [name] : [];
  });
}

/** A new `dlt.sources.incremental(...)` call for these settings. */
function incrementalCall(callee: string, settings: IncrementalSettings): Doc {
  const [cursor, ...rest] = incrementalEntries(settings, {
    withInitialValue: !settings.initialValueInConfig,
  });
  const keywords = rest.flatMap(([key, value]): [string, Doc][] => (value ? [[key, value.doc]] : []));
  return callDoc(callee, [cursor![1]!.doc], keywords);
}

/** The statement of the function's own body where it fetches data, or its first statement. */
export function fetchStatement(definition: PyNode): PyNode | undefined {
  const body = definition.childForFieldName('body');
  if (!body) return undefined;
  const inOwnScope = (node: PyNode) => {
    for (let parent = node.parent; parent && parent.id !== definition.id; parent = parent.parent) {
      if (NESTED_SCOPES.has(parent.type)) return false;
    }
    return true;
  };
  const fetches = (call: PyNode) => {
    const callee = call.childForFieldName('function');
    if (callee?.type === 'identifier') return FETCH_FUNCTIONS.has(callee.text);
    if (callee?.type !== 'attribute') return false;
    if (!FETCH_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) return false;
    let object = callee.childForFieldName('object');
    while (object?.type === 'attribute' || object?.type === 'call') {
      object =
        object.type === 'call' ? object.childForFieldName('function') : object.childForFieldName('object');
    }
    const root = object?.text.toLowerCase() ?? '';
    return HTTP_OBJECTS.some((name) => root.includes(name));
  };
  const call = descendantsOfType(body, 'call').find((node) => inOwnScope(node) && fetches(node));
  if (call) {
    let statement: PyNode = call;
    while (statement.parent && statement.parent.type !== 'block') statement = statement.parent;
    return statement;
  }
  const statements = body.namedChildren.filter(
    (node): node is PyNode => node !== null && node.type !== 'comment',
  );
  const [first, second] = statements;
  const docstring = first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string';
  return docstring ? (second ?? first) : first;
}

/**
 * The first of the comments on the lines right above `statement` (the user's own, which belong to
 * it), or the statement. Tree-sitter may hang such comments outside the block, so rows decide.
 */
function aboveOwnComments(statement: PyNode, definition: PyNode, source: string): PyNode {
  const byRow = new Map<number, PyNode>();
  for (const comment of descendantsOfType(definition, 'comment')) {
    const lineStart = source.lastIndexOf('\n', comment.startIndex - 1) + 1;
    if (source.slice(lineStart, comment.startIndex).trim() === '')
      byRow.set(comment.startPosition.row, comment);
  }
  let anchor = statement;
  for (
    let above = byRow.get(anchor.startPosition.row - 1);
    above;
    above = byRow.get(anchor.startPosition.row - 1)
  ) {
    anchor = above;
  }
  return anchor;
}

/** The comment that shows how to ask the API only for new data, wrapped to `width` columns. */
export function fetchComment(argument: string, settings: IncrementalSettings, width: number): string[] {
  const param = settings.param ?? '<filter param>';
  const cursor = JSON.stringify(settings.cursorPath);
  // each entry is kept whole on a line: code examples are never broken
  const words = [
    ...`Incremental loading: dlt keeps only records whose ${cursor} is >=`.split(' '),
    `\`${argument}.start_value\``,
    ...'(the initial value on the first run, then the newest value loaded so far;'.split(' '),
    `\`${argument}.last_value\``,
    ...'follows the records of this run). Ask the API only for those,'.split(' '),
    `e.g. params={"${param}": ${argument}.start_value}`,
  ];
  const lines: string[] = [];
  let current = '#';
  for (const word of words) {
    if (current !== '#' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = '#';
    }
    current += ` ${word}`;
  }
  lines.push(current);
  return lines;
}

/**
 * Changes the arguments of an existing dlt.sources.incremental(...) call one by one, so that
 * comments and arguments this tool does not manage stay; returns the names of what changed.
 */
function editIncrementalCall(
  rewriter: PythonRewriter,
  call: PyNode,
  existing: Record<string, FoundSetting>,
  settings: IncrementalSettings,
): string[] {
  const args = call.childForFieldName('arguments');
  if (!args) return [];
  const changed: string[] = [];
  const positional = containerItems(args).filter((node) => node.type !== 'keyword_argument');
  for (const [key, desired] of incrementalEntries(settings, {
    withInitialValue: !settings.initialValueInConfig,
  })) {
    const found = existing[key];
    if (sameSetting(found, desired)) continue;
    changed.push(key);
    const position = found ? positional.findIndex((node) => node.id === found.node.id) : -1;
    if (position === -1) {
      if (desired) rewriter.setKeyword(args, key, desired.doc);
      else rewriter.removeItem(args, key);
    } else if (desired) {
      rewriter.replace(found!.node, desired.doc);
    } else if (position === positional.length - 1) {
      rewriter.removeNode(args, found!.node);
    } else {
      throw new UsageError(
        `Cannot remove the positional ${key} from ${call.text.slice(0, 60)} without moving the arguments after ` +
          'it; write them as keyword arguments, or change the call by hand.',
      );
    }
  }
  return changed;
}

/**
 * Makes a @dlt.resource / @dlt.transformer function incremental: a dlt.sources.incremental
 * parameter, write_disposition / primary_key in its decorator, and a comment where it fetches.
 */
export function editFunctionResource(
  rewriter: PythonRewriter,
  file: ScannedFile,
  resource: PythonResource,
  settings: IncrementalSettings,
): FunctionEditResult {
  const said: string[] = [];
  const existing = resource.incremental;
  let argument: string;

  if (existing) {
    argument = existing.argument ?? argumentName(settings.cursorPath, parameterNames(resource.definition));
    const changed = editIncrementalCall(rewriter, existing.node, existing.settings, settings);
    if (changed.length > 0) said.push(`changed ${changed.join(', ')} of its incremental "${argument}"`);
  } else {
    argument = argumentName(settings.cursorPath, parameterNames(resource.definition));
    const callee = incrementalCallee(rewriter, file);
    const parameters = resource.definition.childForFieldName('parameters')!;
    const keywordsSplat = containerItems(parameters).find((node) => node.type === 'dictionary_splat_pattern');
    rewriter.addItem(
      parameters,
      { prefix: `${argument}=`, value: incrementalCall(callee, settings) },
      keywordsSplat,
    );
    const statement = fetchStatement(resource.definition);
    if (statement) {
      const indent = statement.startIndex - file.source.lastIndexOf('\n', statement.startIndex - 1) - 1;
      rewriter.insertLinesBefore(
        aboveOwnComments(statement, resource.definition, file.source),
        fetchComment(argument, settings, rewriter.layout.lineLength - indent),
      );
    }
    said.push(`added the parameter ${argument}=${callee}(${JSON.stringify(settings.cursorPath)}, ...)`);
  }

  said.push(...editDecorator(rewriter, resource, settings));
  return { argument, said };
}

function editDecorator(
  rewriter: PythonRewriter,
  resource: PythonResource,
  settings: IncrementalSettings,
): string[] {
  const hints: [string, Desired][] = [];
  const primaryKey = settings.writeDisposition === 'merge' ? desiredPrimaryKey(settings) : undefined;
  const disposition = desiredWriteDisposition(settings);
  if (!sameSetting(resource.writeDisposition, disposition, normalizedDisposition)) {
    hints.push(['write_disposition', disposition]);
  }
  if (primaryKey && !sameSetting(resource.primaryKey, primaryKey, normalizedPrimaryKey)) {
    hints.push(['primary_key', primaryKey]);
  }
  if (hints.length === 0) return [];
  const said = hints.map(([key]) => `set ${key} in the decorator`);
  if (hints.some(([key]) => key === 'write_disposition') && updateDocstring(rewriter, resource, settings)) {
    said.push('updated the docstring sentence about its write disposition');
  }
  const expression = resource.decoratorExpression;
  const args = expression.type === 'call' ? expression.childForFieldName('arguments') : null;
  if (args) {
    for (const [key, value] of hints) rewriter.setKeyword(args, key, value.doc);
  } else {
    rewriter.replace(
      expression,
      callDoc(
        expression.text,
        [],
        hints.map(([key, value]) => [key, value.doc]),
      ),
    );
  }
  return said;
}

/** The docstring sentence dlt:custom would write for these settings. */
function sentenceFor(settings: IncrementalSettings): string {
  return dispositionSentence({
    writeDisposition: settings.writeDisposition,
    mergeStrategy: settings.writeDisposition === 'merge' ? settings.mergeStrategy : undefined,
    primaryKey: settings.primaryKey ?? [],
  });
}

/**
 * Replaces, in the function's docstring, the first sentence dlt:custom writes for a write
 * disposition by the one it would write for the new settings; any other docstring stays as it is.
 */
function updateDocstring(rewriter: PythonRewriter, resource: PythonResource, settings: IncrementalSettings) {
  const body = resource.definition.childForFieldName('body');
  const first = body?.namedChildren.find((node) => node !== null && node.type !== 'comment');
  const docstring = first?.type === 'expression_statement' ? first.namedChildren[0] : undefined;
  if (docstring?.type !== 'string') return false;
  const text = docstring.text;
  const wanted = sentenceFor(settings);
  for (const pattern of DISPOSITION_SENTENCES) {
    const match = pattern.exec(text);
    if (!match) continue;
    if (match[0] === wanted) return false;
    rewriter.replace(
      docstring,
      raw(text.slice(0, match.index) + wanted + text.slice(match.index + match[0].length)),
    );
    return true;
  }
  return false;
}
