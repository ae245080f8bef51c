import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { Node, Parser, Tree } from 'web-tree-sitter';

export type { Node as PyNode, Tree as PyTree };

const require = createRequire(import.meta.url);
let parser: Promise<Parser> | undefined;

// imported with the grammar on the first parse: a run that parses no Python loads neither
async function loadParser(): Promise<Parser> {
  // WebAssembly compiled by V8's baseline compiler only: the optimising tier recompiled the
  // grammar's lexer after a few parses, which cost a run that parses one file 80 ms and 20 MiB
  // (waited for at exit); a scan of 2,000 files parses 13% slower without it
  setFlagsFromString('--liftoff-only');
  const { Language, Parser } = await import('web-tree-sitter');
  await Parser.init();
  const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
  const instance = new Parser();
  instance.setLanguage(language);
  return instance;
}

export interface ParsedPython {
  tree: Tree;
  /** Syntax errors, as "line N: ..." (1-based); empty when the file parses cleanly. */
  errors: string[];
}

/**
 * Parses Python source in-process with tree-sitter's Python grammar (no Python interpreter needed).
 * A file with syntax errors still yields a tree; callers must not edit a file whose `errors` is
 * not empty.
 */
export async function parsePython(source: string): Promise<ParsedPython> {
  parser ??= loadParser();
  const tree = (await parser).parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  const errors: string[] = [];
  const visit = (node: Node) => {
    if (node.isError || node.isMissing) {
      const what = node.isMissing ? `missing ${node.type}` : `unexpected "${node.text.slice(0, 30)}"`;
      errors.push(`line ${node.startPosition.row + 1}: ${what}`);
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return { tree, errors };
}

/** Every descendant of `node` of one of the given types, in source order. */
export function descendantsOfType(node: Node, ...types: string[]): Node[] {
  return node.descendantsOfType(types).filter((n): n is Node => n !== null);
}

/** The Python value of a string literal node (plain, single- or triple-quoted; no f-strings). */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  if (node.children.some((child) => child?.type === 'interpolation')) return undefined;
  return node.children
    .filter((child) => child?.type === 'string_content')
    .map((child) => child!.text)
    .join('');
}
