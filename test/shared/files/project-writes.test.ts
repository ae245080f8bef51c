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

describe('project-writes: a rewritten file keeps its byte order mark and line ends', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dlt-writes-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes back the BOM and the CRLF line ends the file had; a new file gets the text as given', () => {
    const cases: [string, string, string, string][] = [
      ['requirements.txt', '\uFEFFrequests\r\n', 'requests\ndlt\n', '\uFEFFrequests\r\ndlt\r\n'],
      ['.gitignore', '\uFEFF.venv/\n', '.venv/\n.dlt/secrets.toml\n', '\uFEFF.venv/\n.dlt/secrets.toml\n'],
      ['p.py', 'import dlt\r\n', 'import dlt\nimport os\n', 'import dlt\r\nimport os\r\n'],
    ];
    for (const [name, before] of cases) writeFileSync(join(root, name), before);
    writeProjectFiles(root, [
      ...cases.map(([name, , contents]) => ({ path: join(root, name), contents })),
      { path: join(root, 'new.toml'), contents: 'a = 1\n' },
    ]);
    for (const [name, , , after] of cases) assert.equal(readFileSync(join(root, name), 'utf8'), after, name);
    assert.equal(readFileSync(join(root, 'new.toml'), 'utf8'), 'a = 1\n');
  });
});
