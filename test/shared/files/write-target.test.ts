import { strict as assert } from 'node:assert';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveWriteTarget } from '../../../shared/files/write-target.js';
import { isUsageError } from '../../../shared/plan/errors.js';

describe('write-target: symbolic links in and out of the project', () => {
  let base: string;
  let project: string;
  let elsewhere: string;
  beforeEach(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'dlt-links-')));
    project = join(base, 'project');
    elsewhere = join(base, 'elsewhere');
    mkdirSync(join(project, '.dlt'), { recursive: true });
    mkdirSync(elsewhere);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const refusedNaming = (name: string) => (error: unknown) =>
    isUsageError(error) &&
    error.message.startsWith(`${name} leads through a symbolic link to `) &&
    /outside the project/.test(error.message);

  it('a plain file is its own target; a new one in a new folder too', () => {
    assert.equal(resolveWriteTarget(project, '.dlt/config.toml'), join(project, '.dlt/config.toml'));
    assert.equal(resolveWriteTarget(project, 'new/folder/x.py'), join(project, 'new/folder/x.py'));
  });

  it('a link inside the project leads to its target, which is what gets written', () => {
    writeFileSync(join(project, 'shared-requirements.txt'), 'dlt\n');
    symlinkSync('shared-requirements.txt', join(project, 'requirements.txt'));
    assert.equal(resolveWriteTarget(project, 'requirements.txt'), join(project, 'shared-requirements.txt'));
    symlinkSync('../missing.toml', join(project, '.dlt/secrets.toml'));
    assert.equal(resolveWriteTarget(project, '.dlt/secrets.toml'), join(project, 'missing.toml'));
  });

  it('refuses a link out of the project, dangling or not, and a folder linked out', () => {
    writeFileSync(join(elsewhere, 'secrets.toml'), 'theirs = 1\n');
    symlinkSync(join(elsewhere, 'secrets.toml'), join(project, '.dlt/secrets.toml'));
    assert.throws(() => resolveWriteTarget(project, '.dlt/secrets.toml'), refusedNaming('.dlt/secrets.toml'));
    assert.equal(readFileSync(join(elsewhere, 'secrets.toml'), 'utf8'), 'theirs = 1\n');

    symlinkSync(join(elsewhere, 'nothing-yet.toml'), join(project, '.dlt/config.toml'));
    assert.throws(() => resolveWriteTarget(project, '.dlt/config.toml'), refusedNaming('.dlt/config.toml'));

    rmSync(join(project, '.dlt'), { recursive: true });
    symlinkSync(elsewhere, join(project, '.dlt'));
    assert.throws(() => resolveWriteTarget(project, '.dlt/config.toml'), refusedNaming('.dlt/config.toml'));
  });

  it('refuses a path outside the project as such, not as a link, and takes a name starting with ..', () => {
    const outsideNaming = (name: string) => (error: unknown) =>
      isUsageError(error) &&
      error.message.startsWith(`${name} is outside the project (${project});`) &&
      !/symbolic link/.test(error.message) &&
      /Nothing was written\.$/.test(error.message);
    assert.throws(() => resolveWriteTarget(project, '../x.toml'), outsideNaming('../x.toml'));
    const absolute = join(elsewhere, 'x.toml');
    assert.throws(() => resolveWriteTarget(project, absolute), outsideNaming(absolute));
    assert.throws(() => resolveWriteTarget(project, '.dlt/../../x.toml'), outsideNaming('.dlt/../../x.toml'));
    assert.equal(resolveWriteTarget(project, '..cache/x.toml'), join(project, '..cache/x.toml'));
    assert.equal(resolveWriteTarget(project, join(project, 'x.toml')), join(project, 'x.toml'));
  });

  it('refuses a loop of links, naming the file', () => {
    symlinkSync('b', join(project, 'a'));
    symlinkSync('a', join(project, 'b'));
    assert.throws(
      () => resolveWriteTarget(project, 'a'),
      (error: unknown) => isUsageError(error) && /^a: too many symbolic links/.test(error.message),
    );
  });
});
