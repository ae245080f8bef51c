import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { wrapWordByWord as wordByWord, wrap } from '../../../shared/python/code.js';

describe('python code: wrap', () => {
  const word = fc.stringMatching(/^[a-z.,()-]{1,14}$/);

  it('single-spaced text (its fast path) wraps as word by word would, long words on lines of their own', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.integer({ min: 1, max: 90 }), (words, width) => {
        const text = words.join(' ');
        assert.deepEqual(wrap(text, width), wordByWord(text, width));
      }),
      { numRuns: 500 },
    );
  });

  it('any other blanks (runs, tabs, line breaks, at the ends) too', () => {
    const blank = fc.constantFrom(' ', '  ', '\t', '\n', ' \n ', '\u00a0');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, blank), { maxLength: 30 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 90 }),
        (pairs, leading, width) => {
          const text = (leading ? ' ' : '') + pairs.map(([w, b]) => w + b).join('');
          assert.deepEqual(wrap(text, width), wordByWord(text, width));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a line exactly as wide as the width stays whole', () => {
    assert.deepEqual(wrap('abc def ghi', 7), ['abc def', 'ghi']);
    assert.deepEqual(wrap('abcdefghij kl', 4), ['abcdefghij', 'kl']);
    assert.deepEqual(wrap('', 10), []);
  });
});
