import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempProject } from '../../support/cli.js';
import { generateDestination as generate } from '../../support/destination.js';

const read = (cwd: string, file: string) => readFileSync(join(cwd, file), 'utf8');

describe('the shell writing .dlt/config.toml and .dlt/secrets.toml', () => {
  const postgres = {
    destination: 'postgres',
    destinationHost: 'db',
    destinationDatabase: 'warehouse',
    destinationUsername: 'loader',
    destinationPassword: 'pw',
    yes: true,
  };

  it('creates secrets.toml with mode 0600, records both files, and keeps secrets.toml out of git', async () => {
    const cwd = tempProject('dlt-shell-toml-');
    const state = await generate(cwd, postgres);
    assert.match(read(cwd, '.dlt/secrets.toml'), /password = "pw"/);
    if (process.platform !== 'win32')
      assert.equal(statSync(join(cwd, '.dlt/secrets.toml')).mode & 0o777, 0o600);
    assert.equal(state.files.get('.dlt/config.toml'), 'create');
    assert.equal(state.files.get('.dlt/secrets.toml'), 'create');
    assert.match(read(cwd, '.gitignore'), /^\.dlt\/secrets\.toml$/m);
  });

  it('asks about a conflict in a terminal, through a declared question', async () => {
    const cwd = tempProject('dlt-shell-toml-');
    mkdirSync(join(cwd, '.dlt'));
    writeFileSync(join(cwd, '.dlt/config.toml'), '[destination.postgres.credentials]\nhost = "mine"\n');
    const { yes: _, ...given } = postgres;
    await generate(cwd, { ...given, interactive: true }, { action: 'keep', packageManager: 'pip' });
    assert.match(read(cwd, '.dlt/config.toml'), /host = "mine"/);
    await generate(cwd, { ...given, interactive: true }, { action: 'take', packageManager: 'pip' });
    assert.match(read(cwd, '.dlt/config.toml'), /host = "db"/);
  });
});
