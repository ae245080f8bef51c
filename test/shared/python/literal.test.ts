import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { comment, docstring } from '../../../shared/python/code.js';
import {
  INDENT,
  LINE_LENGTH,
  PyCode,
  type PyValue,
  pyCode,
  pyInline,
  pyLiteral,
  pyString,
} from '../../../shared/python/literal.js';

describe('python literal: text Python source cannot hold raw is escaped', () => {
  it('escapes NUL, other control characters, line separators and lone surrogates in strings', () => {
    assert.equal(pyString('a\u0000b'), '"a\\x00b"');
    assert.equal(pyString('\u0007\u001b\u007f\u0085'), '"\\x07\\x1b\\x7f\\x85"');
    assert.equal(pyString('x\u2028y'), '"x\\u2028y"');
    assert.equal(pyString('lone \ud800 high'), '"lone \\ud800 high"');
    assert.equal(pyString('pair 😀 kept'), '"pair 😀 kept"');
    assert.equal(pyString('tab\tnew\nline'), '"tab\\tnew\\nline"');
  });

  it('keeps NUL out of docstrings and comments', () => {
    assert.equal(docstring(0, 'a\u0000b'), '"""a\\x00b"""');
    assert.equal(comment(0, 'one\u0000two\u2028three'), '# one two three');
  });

  it('what it writes is Python that means the original text', function () {
    const python = spawnSync('python3', ['-c', 'print(1)']);
    if (python.status !== 0) this.skip(); // unit tests need no Python; the check runs where it is
    const text = 'n\u0000l\u0007\u2028"q\'\\';
    const script = `import sys\nvalue = ${pyString(text)}\nsys.stdout.write(ascii(value))\n`;
    const result = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "'n\\x00l\\x07\\u2028\"q\\'\\\\'");
  });
});

describe('python literal: layout', () => {
  type Value = PyValue;
  /** The layout's definition, written out the slow way: one line when it fits, else exploded. */
  function byDefinition(value: Value, indent = 0, prefix = 0, suffix = 0): string {
    if (value === null || typeof value !== 'object' || value instanceof PyCode) return pyInline(value);
    const flat = pyInline(value);
    if (flat.length <= LINE_LENGTH - indent * INDENT.length - prefix - suffix) return flat;
    const inner = INDENT.repeat(indent + 1);
    const lines = Array.isArray(value)
      ? value.map((item) => `${inner}${byDefinition(item, indent + 1, 0, 1)},`)
      : Object.entries(value).map(
          ([key, item]) =>
            `${inner}${pyString(key)}: ${byDefinition(item, indent + 1, pyString(key).length + 2, 1)},`,
        );
    const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    return lines.length === 0
      ? `${open}${close}`
      : `${open}\n${lines.join('\n')}\n${INDENT.repeat(indent)}${close}`;
  }

  const text = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('', 'a"b', "it's", 'x\\y', 'n\u0000l', '😀'),
  );
  const { value } = fc.letrec<{ value: Value }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      text.map((code) => pyCode(code)),
      fc.array(tie('value'), { maxLength: 8 }),
      fc.dictionary(text, tie('value'), { maxKeys: 8 }),
    ),
  }));

  it('is what the definition says for any value, indent and surroundings', () => {
    fc.assert(
      fc.property(value, fc.nat(6), fc.nat(40), fc.nat(3), (item, indent, prefix, suffix) => {
        assert.equal(pyLiteral(item, indent, prefix, suffix), byDefinition(item, indent, prefix, suffix));
      }),
      { numRuns: 1000 },
    );
  });

  it('measures a collection that sits in two places once, and lays out each place by its own width', () => {
    const shared = { type: 'cursor', cursor_path: 'data[-1].id', param: 'after' };
    const value = { paginator: shared, endpoint: { nested: { deeper: { paginator: shared } } } };
    assert.equal(pyLiteral(value), byDefinition(value));
    assert.match(pyLiteral(value), /"paginator": \{"type": "cursor"/);
    assert.match(pyLiteral(value), /"paginator": \{\n/);
  });
});
