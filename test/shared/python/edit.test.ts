import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { applyEdits, itemValue, PythonRewriter } from '../../../shared/python/edit.js';
import { callDoc, item, raw, renderDoc, valueDoc } from '../../../shared/python/edit-layout.js';
import type { PyValue } from '../../../shared/python/literal.js';
import { descendantsOfType, type PyNode, parsePython } from '../../../shared/python/parser.js';
import { tempProject } from '../../support/cli.js';
import { run, runtimeBin } from '../../support/python.js';

/** Parses `source`, lets `change` edit it, and returns the new text. */
async function edit(
  source: string,
  change: (rewriter: PythonRewriter, nodes: (type: string) => PyNode[]) => void,
): Promise<string> {
  const { tree } = await parsePython(source);
  const rewriter = new PythonRewriter(source, tree.rootNode);
  change(rewriter, (type) => descendantsOfType(tree.rootNode, type));
  const result = rewriter.apply();
  assert.deepEqual((await parsePython(result)).errors, [], result);
  return result;
}

const dictAt = (nodes: (type: string) => PyNode[], index = 0) => nodes('dictionary')[index]!;

describe('python edit', () => {
  it('applies edits in order and refuses overlapping ones', () => {
    assert.equal(
      applyEdits('abcdef', [
        { start: 4, end: 5, text: 'E' },
        { start: 1, end: 1, text: '1' },
        { start: 1, end: 1, text: '2' },
      ]),
      'a12bcdEf',
    );
    assert.throws(() =>
      applyEdits('abcdef', [
        { start: 0, end: 3, text: '' },
        { start: 2, end: 4, text: '' },
      ]),
    );
  });

  it('adds entries to a dict laid out one per line, keeping its comments', async () => {
    const source = `config = {
    # first
    "a": 1,
    "b": 2  # no trailing comma
    # a comment before the end
}
`;
    const result = await edit(source, (rewriter, nodes) => {
      rewriter.setDictEntry(dictAt(nodes), 'c', valueDoc({ deep: [1, 2] }));
      rewriter.setDictEntry(dictAt(nodes), 'a', raw('10'));
    });
    assert.equal(
      result,
      `config = {
    # first
    "a": 10,
    "b": 2,  # no trailing comma
    # a comment before the end
    "c": {"deep": [1, 2]},
}
`,
    );
  });

  it('adds to a hanging dict without touching its other lines', async () => {
    const result = await edit('x = {"a": 1,\n     "b": 2}\n', (rewriter, nodes) =>
      rewriter.setDictEntry(dictAt(nodes), 'c', raw('3')),
    );
    assert.equal(result, 'x = {"a": 1,\n     "b": 2,\n    "c": 3}\n');
  });

  it('keeps a one-line dict on one line while it fits, and explodes it and its parents when not', async () => {
    const fits = await edit('x = {"a": 1}\n', (rewriter, nodes) =>
      rewriter.setDictEntry(dictAt(nodes), 'b', raw('2')),
    );
    assert.equal(fits, 'x = {"a": 1, "b": 2}\n');
    const long = await edit('x = [{"name": "items", "path": "items"}]\n', (rewriter, nodes) =>
      rewriter.setDictEntry(
        dictAt(nodes),
        'incremental',
        valueDoc({ cursor_path: 'updated_at', initial_value: 0 }),
      ),
    );
    assert.equal(
      long,
      `x = [
    {
        "name": "items",
        "path": "items",
        "incremental": {"cursor_path": "updated_at", "initial_value": 0},
    },
]
`,
    );
  });

  it('removes entries: whole lines when they have them, else just the entry', async () => {
    const source = `x = {
    "a": 1,
    "b": {  # b
        "c": 3,
    },
    "d": 4,
}
y = {"a": 1, "b": 2, "c": 3}
`;
    const result = await edit(source, (rewriter, nodes) => {
      rewriter.removeItem(dictAt(nodes), 'b');
      rewriter.removeItem(dictAt(nodes, 2), 'b');
      rewriter.removeItem(dictAt(nodes, 2), 'missing');
    });
    assert.equal(result, 'x = {\n    "a": 1,\n    "d": 4,\n}\ny = {"a": 1, "c": 3}\n');
  });

  it('turns a bare decorator into a call and adds parameters before **kwargs', async () => {
    const source = `@dlt.resource
def a(x, **kw):
    pass


def b(
    x,
    **kw,
):
    pass
`;
    const result = await edit(source, (rewriter, nodes) => {
      const [decorator] = nodes('decorator');
      rewriter.replace(
        decorator!.namedChildren[0]!,
        callDoc('dlt.resource', [], [['write_disposition', raw('"merge"')]]),
      );
      for (const parameters of nodes('parameters')) {
        const splat = parameters.namedChildren.find((child) => child?.type === 'dictionary_splat_pattern')!;
        rewriter.addItem(parameters, item('y=', raw('1')), splat);
      }
    });
    assert.equal(
      result,
      `@dlt.resource(write_disposition="merge")
def a(x, y=1, **kw):
    pass


def b(
    x,
    y=1,
    **kw,
):
    pass
`,
    );
  });

  it('sets keyword arguments and lays out arguments that share a line again', async () => {
    const long = 'x'.repeat(70);
    const source = `f(
    "first", second=2  # keep me
)
g(
    "a", b=1
)
h(
    "a", b=1
)
`;
    const result = await edit(source, (rewriter, nodes) => {
      const [first, second, third] = nodes('argument_list');
      assert.equal(itemValue(first!, 'second')?.text, '2');
      rewriter.setKeyword(second!, 'b', raw('2'));
      rewriter.setKeyword(third!, 'c', raw(`"${long}"`));
      rewriter.setKeyword(third!, 'd', raw(`"${long}"`));
    });
    assert.equal(
      result,
      `f(
    "first", second=2  # keep me
)
g("a", b=2)
h(
    "a",
    b=1,
    c="${long}",
    d="${long}",
)
`,
    );
    const name = 'a_rather_long_function_name';
    const value = 'y'.repeat(60);
    const hugged = await edit(`${name}(\n    "a", b=1\n)\n`, (rewriter, nodes) =>
      rewriter.setKeyword(nodes('argument_list')[0]!, 'c', raw(`"${value}"`)),
    );
    assert.equal(hugged, `${name}(\n    "a", b=1, c="${value}"\n)\n`);
  });

  it('detects the indentation unit of the file', async () => {
    const source = 'def f():\n\tx = {\n\t\t"a": 1,\n\t}\n';
    const result = await edit(source, (rewriter, nodes) =>
      rewriter.setDictEntry(dictAt(nodes), 'b', raw('2')),
    );
    assert.equal(result, 'def f():\n\tx = {\n\t\t"a": 1,\n\t\t"b": 2,\n\t}\n');
    const twoSpaces = await edit(
      'def f():\n  x = {"a": "%s"}\n'.replace('%s', 'v'.repeat(90)),
      (rewriter, nodes) => rewriter.setDictEntry(dictAt(nodes), 'b', raw('2')),
    );
    assert.equal(twoSpaces, `def f():\n  x = {\n    "a": "${'v'.repeat(90)}",\n    "b": 2,\n  }\n`);
  });

  it('inserts comment lines with the indentation of the line they go before', async () => {
    const result = await edit('def f():\n    if x:\n        y()\n', (rewriter, nodes) => {
      const call = nodes('expression_statement')[0]!;
      rewriter.insertLinesBefore(call, ['# one', '# two']);
    });
    assert.equal(result, 'def f():\n    if x:\n        # one\n        # two\n        y()\n');
  });

  it('@e2e lays out values and calls the way ruff format keeps them', async function () {
    this.timeout(60_000);
    const key = fc.stringMatching(/^[a-z_]{1,12}$/);
    const scalar = fc.oneof(
      fc.stringMatching(/^[a-zA-Z0-9 _{}.:-]{0,40}$/),
      fc.integer({ min: -1000, max: 100_000 }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 5 }),
      ),
    })).value as fc.Arbitrary<PyValue>;
    const samples = fc.sample(fc.tuple(value, fc.integer({ min: 0, max: 3 }), fc.boolean()), {
      numRuns: 150,
      seed: 42,
    });
    const lines: string[] = [];
    samples.forEach(([sample, depth, asCall], index) => {
      const indent = '    '.repeat(depth);
      for (let level = 0; level < depth; level++) lines.push(`${'    '.repeat(level)}if x:`);
      const prefix = `value_${index} = `;
      const doc = asCall
        ? callDoc('dlt.sources.incremental', [valueDoc('updated_at')], [['initial_value', valueDoc(sample)]])
        : valueDoc(sample);
      lines.push(`${indent}${prefix}${renderDoc(doc, indent, indent.length + prefix.length, 0)}`);
    });
    const cwd = tempProject('layout-');
    writeFileSync(join(cwd, 'layout.py'), `${lines.join('\n')}\n`);
    const format = await run(runtimeBin('ruff'), ['format', '--check', '--diff', '--no-cache', 'layout.py'], {
      cwd,
    });
    assert.equal(format.code, 0, format.stdout + format.stderr);
  });
});
