/**
 * Reads a pipeline script that already exists (parsed with tree-sitter, never with regular
 * expressions) and adds resources to its rest_api config: new list elements go before the closing
 * bracket of `"resources": [...]`, new source arguments into the parameter list; every other line
 * stays as the user left it.
 */
import { UsageError } from '../../shared/plan/errors.js';
import { INDENT } from '../../shared/python/literal.js';
import { descendantsOfType, type PyNode, parsePython, stringValue } from '../../shared/python/parser.js';
import { withCompiledSelector } from './compiled-selectors.js';
import { commentsOf, renderListElement, renderParameter, renderSignature } from './render.js';
import type { SourceArg } from './settings.js';
import type { ConfigDict } from './vocabulary.js';

interface Span {
  start: number;
  end: number;
}

export interface ExistingPipeline {
  source: string;
  /** Resource names in the config's `resources` list. */
  resourceNames: string[];
  /** Parameter names of the source function that builds the config. */
  parameters: string[];
  /** The client's auth type, `none` when it has none. */
  authType: string;
  /** The client's paginator type, `auto` when it has none (dlt detects it). */
  paginatorType: string;
  /** Whether the script imports dlt's compile_path: then added resources' selectors are compiled too. */
  compilesSelectors: boolean;
  resourcesList: Span & { elements: Span[]; trailingComma: boolean; indent: number; inline: boolean };
  parameterList: Span & { functionName: string; texts: string[]; indent: number; defStart: number };
}

function pairKey(pair: PyNode): string | undefined {
  return stringValue(pair.childForFieldName('key'));
}

function pairsOf(dictionary: PyNode): PyNode[] {
  return dictionary.namedChildren.filter((child): child is PyNode => child?.type === 'pair');
}

function pairValue(dictionary: PyNode, key: string): PyNode | undefined {
  return (
    pairsOf(dictionary)
      .find((pair) => pairKey(pair) === key)
      ?.childForFieldName('value') ?? undefined
  );
}

/** Column of the first character of the line `index` is on, as an indent level. */
function indentLevel(source: string, index: number): number {
  const lineStart = source.lastIndexOf('\n', index - 1) + 1;
  const leading = /^ */.exec(source.slice(lineStart))?.[0].length ?? 0;
  return Math.floor(leading / INDENT.length);
}

function elementName(element: PyNode): string | undefined {
  if (element.type === 'string') return stringValue(element);
  if (element.type === 'dictionary') {
    const name = pairValue(element, 'name');
    return name ? stringValue(name) : undefined;
  }
  return undefined;
}

function enclosingFunction(node: PyNode): PyNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'function_definition') return parent;
  }
  return undefined;
}

/** Reads the parts of `source` that adding resources needs; a UsageError says why it cannot. */
export async function readExistingPipeline(source: string, file: string): Promise<ExistingPipeline> {
  const cannot = (why: string) =>
    new UsageError(
      `${file} exists but ${why}, so no resources could be added to it; nothing was written. ` +
        'Fix the file, or choose another --pipeline-name for a new script.',
    );
  const { tree, errors } = await parsePython(source);
  if (errors.length > 0) throw cannot(`does not parse as Python (${errors.slice(0, 3).join('; ')})`);

  const configs = descendantsOfType(tree.rootNode, 'dictionary').filter(
    (dictionary) => pairValue(dictionary, 'client') && pairValue(dictionary, 'resources')?.type === 'list',
  );
  if (configs.length !== 1) {
    throw cannot(
      configs.length === 0
        ? 'has no rest_api config dict with "client" and a "resources" list'
        : 'has several rest_api config dicts',
    );
  }
  const config = configs[0]!;
  const list = pairValue(config, 'resources')!;
  const elements = list.namedChildren.filter((child): child is PyNode => !!child && child.type !== 'comment');
  const last = elements[elements.length - 1];
  const trailingComma = last
    ? list.children.some((child) => child?.type === ',' && child.startIndex >= last.endIndex)
    : false;

  const client = pairValue(config, 'client')!;
  const auth = client.type === 'dictionary' ? pairValue(client, 'auth') : undefined;
  const authTypeNode = auth?.type === 'dictionary' ? pairValue(auth, 'type') : undefined;
  const authType = auth ? (stringValue(authTypeNode) ?? (authTypeNode ? 'custom' : 'bearer')) : 'none';
  const paginator = client.type === 'dictionary' ? pairValue(client, 'paginator') : undefined;
  const paginatorTypeNode = paginator?.type === 'dictionary' ? pairValue(paginator, 'type') : paginator;
  const paginatorType = paginator ? (stringValue(paginatorTypeNode) ?? 'custom') : 'auto';

  const fn = enclosingFunction(config);
  const parameters = fn?.childForFieldName('parameters');
  const name = fn?.childForFieldName('name');
  if (!fn || !parameters || !name) throw cannot('builds its rest_api config outside a function');
  const parameterNodes = parameters.namedChildren.filter(
    (child): child is PyNode => !!child && child.type !== 'comment',
  );
  const parameterName = (node: PyNode) =>
    node.type === 'identifier'
      ? node.text
      : ((node.childForFieldName('name') ?? node.namedChildren[0])?.text ?? '');

  const compilesSelectors = descendantsOfType(tree.rootNode, 'import_from_statement').some(
    (statement) =>
      statement.childForFieldName('module_name')?.text === 'dlt.common.jsonpath' &&
      statement.childrenForFieldName('name').some((imported) => imported?.text === 'compile_path'),
  );

  return {
    source,
    compilesSelectors,
    resourceNames: elements.map(elementName).filter((n): n is string => !!n),
    parameters: parameterNodes.map(parameterName),
    authType,
    paginatorType,
    resourcesList: {
      start: list.startIndex,
      end: list.endIndex,
      elements: elements.map((e) => ({ start: e.startIndex, end: e.endIndex })),
      trailingComma,
      indent: indentLevel(source, list.startIndex),
      inline: list.startPosition.row === list.endPosition.row,
    },
    parameterList: {
      start: fn.startIndex,
      end: parameters.endIndex,
      defStart: fn.startIndex,
      functionName: name.text,
      texts: parameterNodes.map((node) => node.text),
      indent: indentLevel(source, fn.startIndex),
    },
  };
}

function addListElements(
  existing: ExistingPipeline,
  resources: readonly (string | ConfigDict)[],
  comments?: ReadonlyMap<string, readonly string[]>,
): string {
  const { source, resourcesList: list } = existing;
  const indent = list.indent + 1;
  const added = resources
    .map((resource) =>
      renderListElement(
        existing.compilesSelectors ? withCompiledSelector(resource) : resource,
        indent,
        commentsOf(resource, comments),
      ),
    )
    .join('\n');
  if (list.inline) {
    // `"resources": ["a"]` -> one element per line, the user's elements kept as they were written
    const kept = list.elements.map((e) => `${INDENT.repeat(indent)}${source.slice(e.start, e.end)},`);
    const body = [...kept, added].join('\n');
    return `${source.slice(0, list.start)}[\n${body}\n${INDENT.repeat(list.indent)}]${source.slice(list.end)}`;
  }
  const closing = list.end - 1;
  const lineStart = source.lastIndexOf('\n', closing - 1) + 1;
  const lastElement = list.elements[list.elements.length - 1];
  let before = source.slice(0, lineStart);
  if (lastElement && !list.trailingComma) {
    before = `${source.slice(0, lastElement.end)},${source.slice(lastElement.end, lineStart)}`;
  }
  return `${before}${added}\n${source.slice(lineStart)}`;
}

function addParameters(existing: ExistingPipeline, source: string, args: readonly SourceArg[]): string {
  if (args.length === 0) return source;
  const { parameterList: params } = existing;
  const signature = renderSignature(
    params.functionName,
    [...params.texts, ...args.map(renderParameter)],
    params.indent,
  ).trimStart();
  // the def line up to the closing parenthesis of the parameters: `def name(...)`
  return `${source.slice(0, params.defStart)}${signature.replace(/:$/, '')}${source.slice(params.end)}`;
}

/** The script with `resources` appended to its config and `args` to its source function. */
export function addToExistingPipeline(
  existing: ExistingPipeline,
  resources: readonly (string | ConfigDict)[],
  args: readonly SourceArg[],
  comments?: ReadonlyMap<string, readonly string[]>,
): string {
  // the list comes after the parameters in the file: edit it first so earlier offsets hold
  const withResources = addListElements(existing, resources, comments);
  return addParameters(existing, withResources, args);
}
