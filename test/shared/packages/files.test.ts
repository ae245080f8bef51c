import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomically } from '../../../shared/packages/files.js';

describe('package-manager-files: manifests are replaced whole', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'dlt-files-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('replaces a file, keeps its permissions and leaves no temporary file', () => {
    const path = join(folder, 'requirements.txt');
    writeFileSync(path, 'requests\n', { mode: 0o640 });
    writeFileAtomically(path, 'requests\ndlt\n');
    assert.equal(readFileSync(path, 'utf8'), 'requests\ndlt\n');
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(folder), ['requirements.txt']);
  });

  it('creates a new file', () => {
    const path = join(folder, 'pyproject.toml');
    writeFileAtomically(path, '[project]\n');
    assert.equal(readFileSync(path, 'utf8'), '[project]\n');
  });

  it('leaves what was there and no temporary file when the replacement fails', () => {
    const target = join(folder, 'occupied');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'kept\n');
    assert.throws(() => writeFileAtomically(target, 'dlt\n'));
    assert.equal(readFileSync(join(target, 'keep.txt'), 'utf8'), 'kept\n');
    assert.deepEqual(readdirSync(folder).sort(), ['occupied', 'pyproject.toml', 'requirements.txt']);
  });
});
