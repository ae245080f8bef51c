import assert from 'node:assert/strict';
import { inFormOf } from '../../../shared/files/text-encoding.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('text-encoding: a rewrite in the text form of the file it replaces', () => {
  it('keeps a leading byte order mark the new text lacks, once', () => {
    assert.equal(inFormOf(bytes('\uFEFFa = 1\n'), 'a = 1\nb = 2\n'), '\uFEFFa = 1\nb = 2\n');
    assert.equal(inFormOf(bytes('\uFEFFa = 1\n'), '\uFEFFa = 2\n'), '\uFEFFa = 2\n');
    assert.equal(inFormOf(bytes('a = 1\n'), 'a = 2\n'), 'a = 2\n');
  });

  it('ends every line with CRLF when every line of the file did, and leaves mixed files alone', () => {
    assert.equal(inFormOf(bytes('a\r\nb\r\n'), 'a\nb\r\nc\n'), 'a\r\nb\r\nc\r\n');
    assert.equal(inFormOf(bytes('\uFEFFa\r\n'), 'a\nb\n'), '\uFEFFa\r\nb\r\n');
    assert.equal(inFormOf(bytes('a\r\nb\n'), 'a\nb\n'), 'a\nb\n');
    assert.equal(inFormOf(bytes('one line, no break'), 'a\n'), 'a\n');
  });

  it('gives bytes for bytes, and leaves what is not UTF-8 text (either side) as it is', () => {
    assert.deepEqual(inFormOf(bytes('\uFEFFx\r\n'), bytes('y\n')), bytes('\uFEFFy\r\n'));
    const latin1 = Buffer.from('caf\xe9\r\n', 'latin1');
    assert.equal(inFormOf(latin1, 'a\n'), 'a\n');
    const binary = Buffer.from([0xff, 0x0a, 0x00]);
    assert.equal(inFormOf(bytes('\uFEFFa\r\n'), binary), binary);
    assert.equal(inFormOf(undefined, 'a\n'), 'a\n');
  });
});
