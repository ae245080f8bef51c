import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeUtf8Strict } from '../../../shared/files/text-encoding.js';
import { parseTomlDocument } from '../../../shared/toml/writer.js';
import { repoRoot } from '../../support/python.js';

/** toml-test's TOML 1.0 files (vendored with their licence: test/fixtures/toml-test/PROVENANCE.md). */
const corpus = join(repoRoot, 'test/fixtures/toml-test');
const files = readFileSync(join(corpus, 'files-toml-1.0.0'), 'utf8').trim().split('\n');

/**
 * Where the parser (smol-toml) differs from toml-test's TOML 1.0 verdict, each with its reason.
 * None of them can damage a file: a refused file is reported and left untouched, and an accepted
 * one is only edited as text.
 */
const KNOWN: Record<string, string> = {
  'valid/integer/long.toml': 'integers beyond 2^53 are refused, never rounded (the file is reported)',
  'invalid/datetime/feb-29.toml': 'smol-toml does not check the day against the month',
  'invalid/datetime/feb-30.toml': 'smol-toml does not check the day against the month',
  'invalid/local-date/feb-29.toml': 'smol-toml does not check the day against the month',
  'invalid/local-date/feb-30.toml': 'smol-toml does not check the day against the month',
  'invalid/local-datetime/feb-29.toml': 'smol-toml does not check the day against the month',
  'invalid/local-datetime/feb-30.toml': 'smol-toml does not check the day against the month',
  'invalid/datetime/no-secs.toml': 'TOML 1.1 allows times without seconds',
  'invalid/local-datetime/no-secs.toml': 'TOML 1.1 allows times without seconds',
  'invalid/local-time/no-secs.toml': 'TOML 1.1 allows times without seconds',
  'invalid/inline-table/linebreak-01.toml': 'TOML 1.1 allows line breaks in inline tables',
  'invalid/inline-table/linebreak-02.toml': 'TOML 1.1 allows line breaks in inline tables',
  'invalid/inline-table/linebreak-03.toml': 'TOML 1.1 allows line breaks in inline tables',
  'invalid/inline-table/linebreak-04.toml': 'TOML 1.1 allows line breaks in inline tables',
  'invalid/inline-table/trailing-comma.toml': 'TOML 1.1 allows a trailing comma in inline tables',
  'invalid/string/basic-byte-escapes.toml': 'TOML 1.1 allows \\xHH escapes',
};

/** What generator-dlt does with an existing .dlt file's bytes before merging into it. */
function accepts(bytes: Uint8Array): boolean {
  try {
    parseTomlDocument(decodeUtf8Strict(bytes).text);
    return true;
  } catch {
    return false;
  }
}

describe("toml-test's corpus: which existing TOML files are read, which refused", () => {
  it('has the TOML 1.0 files, valid and invalid', () => {
    assert.equal(files.filter((file) => file.startsWith('valid/')).length, 210);
    assert.equal(files.filter((file) => file.startsWith('invalid/')).length, 499);
  });

  it('accepts every valid file and refuses every invalid one (but the known differences)', () => {
    const wrong = files.filter((file) => {
      const expected = file.startsWith('valid/');
      return accepts(readFileSync(join(corpus, file))) !== expected && !(file in KNOWN);
    });
    assert.deepEqual(wrong, []);
  });

  it('the known differences are still differences (remove one when the parser changes)', () => {
    for (const file of Object.keys(KNOWN)) {
      assert.equal(accepts(readFileSync(join(corpus, file))), !file.startsWith('valid/'), file);
    }
  });

  it('refuses every encoding problem: bad UTF-8, UTF-16, a byte order mark not at the start', () => {
    const encoding = files.filter((file) => file.startsWith('invalid/encoding/'));
    assert.ok(encoding.length >= 14);
    for (const file of encoding) assert.equal(accepts(readFileSync(join(corpus, file))), false, file);
    for (const file of ['valid/utf8-bom-01.toml', 'valid/utf8-bom-02.toml'])
      assert.equal(decodeUtf8Strict(readFileSync(join(corpus, file))).bom, true, file);
  });
});
