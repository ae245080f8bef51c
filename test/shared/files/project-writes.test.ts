import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeProjectFiles } from '../../../shared/files/project-writes.js';

describe('project-writes: a run after a killed one', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dlt-writes-'));
    mkdirSync(join(root, '.dlt'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('removes the temporary secrets file a killed run left in a folder it writes, and only that', () => {
    // a run killed between writing its temporary file and renaming it: pid 999999999 is gone
    const left = join(root, '.dlt', '.secrets.toml.999999999.generator-dlt.tmp');
    writeFileSync(left, 'password = "s3cret"\n');
    writeFileSync(join(root, '.dlt', '.notes.tmp'), 'not ours');
    writeFileSync(join(root, '.other.999999999.generator-dlt.tmp'), 'a folder this run does not write');
    writeProjectFiles(root, [
      { path: join(root, '.dlt', 'secrets.toml'), contents: 'token = "x"\n', mode: 0o600 },
    ]);
    assert.deepEqual(readdirSync(join(root, '.dlt')).sort(), ['.notes.tmp', 'secrets.toml']);
    assert.equal(readFileSync(join(root, '.dlt', 'secrets.toml'), 'utf8'), 'token = "x"\n');
    assert.ok(readdirSync(root).includes('.other.999999999.generator-dlt.tmp'));
  });
});
