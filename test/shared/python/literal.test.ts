import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { comment, docstring } from '../../../shared/python/code.js';
import { pyString } from '../../../shared/python/literal.js';

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
