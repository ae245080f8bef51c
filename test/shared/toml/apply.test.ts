import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TomlChange } from '../../../shared/plan/run-state.js';
import { askTakeNewValue, shown } from '../../../shared/shell/conflict-prompt.js';
import { CONFIG_FILE, mergeTomlEntries, planTomlFile, type TomlContext } from '../../../shared/toml/apply.js';
import type { TomlEntry } from '../../../shared/toml/entry.js';
import { tomlFiles } from '../../../shared/toml/profile-files.js';
import { tomlWorkCount } from '../../../shared/toml/work-count.js';
import { tempProject } from '../../support/cli.js';

const entry = (table: string[], key: string, value: string | number, secret = false): TomlEntry => ({
  table,
  key,
  value,
  secret,
});

interface Probe {
  toml: TomlChange[];
  warnings: string[];
  /** The files written, in order. */
  written: string[];
  /** What the conflict prompt printed. */
  logged: string[];
}

/**
 * Merges each batch of entries into the project in `cwd` as one run does: what an earlier batch
 * wrote is not the user's; each merge's files are written to disk (with their mode) before the
 * next batch. `answers` are what the user picks at each conflict prompt, in order.
 */
async function probe(
  cwd: string,
  batches: TomlEntry[][],
  options: { force?: boolean; interactive?: boolean; profile?: string } = {},
  answers: string[] = [],
): Promise<Probe> {
  const result: Probe = { toml: [], warnings: [], written: [], logged: [] };
  const context: TomlContext = {
    root: cwd,
    read: (path) => (existsSync(join(cwd, path)) ? readFileSync(join(cwd, path), 'utf8') : undefined),
    force: options.force ?? false,
    canAsk: options.interactive ?? false,
    askTake: (file, conflict) =>
      askTakeNewValue(
        async () => answers.shift(),
        (message) => result.logged.push(message),
        file,
        conflict,
      ),
  };
  for (const batch of batches) {
    const merge = await mergeTomlEntries(context, batch, result.toml, tomlFiles(options.profile));
    result.toml.push(...merge.changes);
    result.warnings.push(...merge.warnings);
    for (const write of merge.writes) {
      const path = join(cwd, write.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, write.contents);
      if (write.mode !== undefined) chmodSync(path, write.mode);
      result.written.push(write.path);
    }
  }
  return result;
}

const read = (cwd: string, file: string) => readFileSync(join(cwd, file), 'utf8');
const mode = (cwd: string, file: string) => statSync(join(cwd, file)).mode & 0o777;

function project(files: Record<string, string>): string {
  const cwd = tempProject('dlt-toml-');
  mkdirSync(join(cwd, '.dlt'));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(cwd, file), text);
  return cwd;
}

describe('writing .dlt/config.toml and .dlt/secrets.toml', () => {
  it('sends settings to config.toml and secrets to secrets.toml (mode 0600), and records each key', async () => {
    const cwd = tempProject('dlt-toml-');
    const state = await probe(cwd, [
      [
        entry(['destination', 'postgres', 'credentials'], 'host', 'db'),
        entry(['destination', 'postgres', 'credentials'], 'password', 'pw', true),
      ],
    ]);
    assert.match(
      read(cwd, '.dlt/config.toml'),
      /^# dlt settings.*\n\n\[destination\.postgres\.credentials\]\nhost = "db"\n$/,
    );
    assert.match(
      read(cwd, '.dlt/secrets.toml'),
      /^# dlt secrets.*\n\n\[destination\.postgres\.credentials\]\npassword = "pw"\n$/,
    );
    assert.ok(!read(cwd, '.dlt/config.toml').includes('pw'));
    if (process.platform !== 'win32') assert.equal(mode(cwd, '.dlt/secrets.toml'), 0o600);
    assert.deepEqual(state.toml, [
      { file: '.dlt/config.toml', table: 'destination.postgres.credentials', key: 'host', action: 'added' },
      {
        file: '.dlt/secrets.toml',
        table: 'destination.postgres.credentials',
        key: 'password',
        action: 'added',
      },
    ]);
    assert.deepEqual(state.written, ['.dlt/config.toml', '.dlt/secrets.toml']);
  });

  it('keeps a different value without a terminal and reports it; --force takes it, but never a placeholder', async () => {
    const cwd = project({ '.dlt/config.toml': '[runtime]\nlog_level = "WARNING" # mine\n[a]\nx = "real"\n' });
    const kept = await probe(cwd, [[entry(['runtime'], 'log_level', 'INFO')]]);
    assert.equal(read(cwd, '.dlt/config.toml'), '[runtime]\nlog_level = "WARNING" # mine\n[a]\nx = "real"\n');
    assert.equal(kept.toml[0]!.action, 'conflict');

    const forced = await probe(
      cwd,
      [[entry(['runtime'], 'log_level', 'INFO'), entry(['a'], 'x', '<configure me>')]],
      {
        force: true,
      },
    );
    assert.equal(read(cwd, '.dlt/config.toml'), '[runtime]\nlog_level = "INFO" # mine\n[a]\nx = "real"\n');
    assert.deepEqual(
      forced.toml.map((change) => change.action),
      ['updated', 'kept'],
    );
  });

  it('looks each key up in both files: no placeholder for a key the other file holds, a value goes where the key is', async () => {
    const secrets =
      '[destination.postgres.credentials]\ndatabase="db"\nusername="u"\npassword="p"\nhost="old"\n';
    const cwd = project({ '.dlt/secrets.toml': secrets });
    const table = ['destination', 'postgres', 'credentials'];
    const batch = [
      entry(table, 'host', 'new'),
      entry(table, 'database', '<configure me>'),
      entry(table, 'username', '<configure me>'),
      entry(table, 'password', '<configure me>', true),
      entry(table, 'port', 5433),
    ];
    const kept = await probe(cwd, [batch]);
    assert.equal(read(cwd, '.dlt/secrets.toml'), secrets);
    assert.doesNotMatch(read(cwd, '.dlt/config.toml'), /host|database|username|configure me/);
    assert.match(read(cwd, '.dlt/config.toml'), /port = 5433/);
    assert.deepEqual(
      kept.toml.map(({ file, key, action }) => `${file} ${key} ${action}`),
      [
        '.dlt/config.toml port added',
        '.dlt/secrets.toml host conflict',
        '.dlt/secrets.toml database kept',
        '.dlt/secrets.toml username kept',
        '.dlt/secrets.toml password kept',
      ],
    );

    await probe(cwd, [batch], { force: true });
    assert.equal(read(cwd, '.dlt/secrets.toml'), secrets.replace('"old"', '"new"'));
    assert.doesNotMatch(read(cwd, '.dlt/config.toml'), /host/);
  });

  it('does not repeat as a placeholder a secret that config.toml holds, and takes a new one into secrets.toml', async () => {
    const cwd = project({ '.dlt/config.toml': '[s]\napi_key = "mine"\nurl = "http://x"\n' });
    const kept = await probe(cwd, [[entry(['s'], 'api_key', '<configure me>', true)]]);
    assert.equal(existsSync(join(cwd, '.dlt/secrets.toml')), false);
    assert.deepEqual(kept.toml, [{ file: '.dlt/config.toml', table: 's', key: 'api_key', action: 'kept' }]);
    const conflict = await probe(cwd, [[entry(['s'], 'api_key', 'other', true)]]);
    assert.equal(conflict.toml[0]!.action, 'conflict');
    assert.equal(existsSync(join(cwd, '.dlt/secrets.toml')), false);
    await probe(cwd, [[entry(['s'], 'api_key', 'other', true)]], { force: true });
    assert.match(read(cwd, '.dlt/secrets.toml'), /api_key = "other"/);
    assert.doesNotMatch(read(cwd, '.dlt/config.toml'), /other/);
  });

  it('gives no placeholder for a key a connection string in the other file covers', async () => {
    const cwd = project({
      '.dlt/secrets.toml': '[destination.postgres]\ncredentials = "postgresql://u:p@h/db"\n',
    });
    await probe(cwd, [[entry(['destination', 'postgres', 'credentials'], 'database', '<configure me>')]]);
    assert.equal(existsSync(join(cwd, '.dlt/config.toml')), false);
  });

  it("--profile sends values to that profile's files (secrets 0600), leaving the plain files alone", async () => {
    const plain = '[destination.duckdb]\ncredentials = "dev.duckdb"\n';
    const cwd = project({ '.dlt/.workspace': '', '.dlt/secrets.toml': plain });
    const table = ['destination', 'postgres', 'credentials'];
    const batch = [entry(table, 'host', 'prod-db'), entry(table, 'password', 'pw', true)];
    const state = await probe(cwd, [batch], { profile: 'prod' });
    assert.match(
      read(cwd, '.dlt/prod.config.toml'),
      /^# dlt settings .*prod profile.*\n\n\[destination\.postgres\.credentials\]\nhost = "prod-db"\n$/,
    );
    assert.match(
      read(cwd, '.dlt/prod.secrets.toml'),
      /\[destination\.postgres\.credentials\]\npassword = "pw"\n$/,
    );
    assert.equal(read(cwd, '.dlt/secrets.toml'), plain);
    assert.ok(!existsSync(join(cwd, '.dlt/config.toml')));
    if (process.platform !== 'win32') assert.equal(mode(cwd, '.dlt/prod.secrets.toml'), 0o600);
    assert.deepEqual(
      state.toml.map(({ file, key, action }) => `${file} ${key} ${action}`),
      ['.dlt/prod.config.toml host added', '.dlt/prod.secrets.toml password added'],
    );
    const again = await probe(cwd, [batch], { profile: 'prod' });
    assert.deepEqual(
      again.toml.map(({ action }) => action),
      ['kept', 'kept'],
    );
  });

  it("--profile puts a setting the plain secrets.toml holds into the profile's secrets.toml, which dlt reads before it", async () => {
    const cwd = project({
      '.dlt/.workspace': '',
      '.dlt/secrets.toml': '[destination.postgres.credentials]\nhost = "dev-db"\n',
    });
    await probe(cwd, [[entry(['destination', 'postgres', 'credentials'], 'host', 'prod-db')]], {
      profile: 'prod',
    });
    assert.match(read(cwd, '.dlt/prod.secrets.toml'), /host = "prod-db"/);
    assert.ok(!existsSync(join(cwd, '.dlt/prod.config.toml')));
  });

  it('asks about each conflict in a terminal: keep mine or take the new value', async () => {
    const cwd = project({ '.dlt/config.toml': '[a]\nx = 1\n' });
    await probe(cwd, [[entry(['a'], 'x', 2)]], { interactive: true }, ['keep']);
    assert.equal(read(cwd, '.dlt/config.toml'), '[a]\nx = 1\n');
    const shownBoth = await probe(cwd, [[entry(['a'], 'x', 2)]], { interactive: true }, ['show', 'take']);
    assert.equal(read(cwd, '.dlt/config.toml'), '[a]\nx = 2\n');
    assert.deepEqual(shownBoth.logged, ['  yours: 1\n  new:   2']);
  });

  it('lets a later generator of the same run replace what an earlier one wrote', async () => {
    const cwd = tempProject('dlt-toml-');
    await probe(cwd, [[entry(['a'], 'x', 1)], [entry(['a'], 'x', 2)]]);
    assert.match(read(cwd, '.dlt/config.toml'), /\[a\]\nx = 2\n$/);
  });

  it('refuses a file that does not parse, naming file and line, and writes nothing at all', async () => {
    const broken = '[a]\nx = 1\nx = 2\n';
    const cwd = project({ '.dlt/secrets.toml': broken });
    await assert.rejects(
      probe(cwd, [[entry(['b'], 'y', 1), entry(['b'], 'token', 't', true)]]),
      /\.dlt\/secrets\.toml is not valid TOML \(line 3, column 1: .*redefine.*\)\. Nothing was written/,
    );
    assert.equal(read(cwd, '.dlt/secrets.toml'), broken);
    assert.ok(!existsSync(join(cwd, '.dlt/config.toml')));
  });

  it('refuses a secret that is not marked secret, so it cannot land in config.toml', async () => {
    const cwd = tempProject('dlt-toml-');
    await assert.rejects(
      probe(cwd, [[entry(['destination', 'x', 'credentials'], 'password', 'pw')]]),
      /refusing to write/,
    );
    await assert.rejects(
      probe(cwd, [[entry(['destination', 'x'], 'credentials', 'postgresql://u:pw@h/db')]]),
      /holds a secret/,
    );
    assert.ok(!existsSync(join(cwd, '.dlt')));
    // a placeholder is no secret
    await probe(cwd, [[entry(['destination', 'x', 'credentials'], 'password', '<configure me>')]]);
  });

  it('refuses to plan a secret entry for config.toml', async () => {
    await assert.rejects(
      planTomlFile({} as TomlContext, CONFIG_FILE, [entry(['a'], 'k', 'v', true)], []),
      /refusing to write a secret to \.dlt\/config\.toml/,
    );
  });

  it('tightens a secrets.toml others could read, and keeps a stricter mode', async function () {
    if (process.platform === 'win32') this.skip();
    const cwd = project({ '.dlt/secrets.toml': '[a]\nk = "v"\n' });
    chmodSync(join(cwd, '.dlt/secrets.toml'), 0o644);
    const unchanged = await probe(cwd, [[entry(['a'], 'k', 'v', true)]]);
    assert.equal(mode(cwd, '.dlt/secrets.toml'), 0o644);
    assert.match(
      unchanged.warnings.join('\n'),
      /readable by other users \(mode 0644\): run `chmod 600 \.dlt\/secrets\.toml`/,
    );

    const changed = await probe(cwd, [[entry(['a'], 'other', 'w', true)]]);
    assert.equal(mode(cwd, '.dlt/secrets.toml'), 0o600);
    assert.match(changed.warnings.join('\n'), /was readable by other users \(mode 0644\); it is now 0600/);

    chmodSync(join(cwd, '.dlt/secrets.toml'), 0o400);
    await probe(cwd, [[entry(['a'], 'third', 'x', true)]]);
    assert.equal(mode(cwd, '.dlt/secrets.toml'), 0o400);
  });

  it('shows a secret only by its length when the user asks to compare values', () => {
    assert.equal(shown('hunter2', true), '(secret, 7 characters)');
    assert.equal(shown('INFO', false), '"INFO"');
    assert.equal(shown(5432, false), '5432');
  });

  it('parses and scans each file once a merge, however many entries: no re-reading per entry', async () => {
    const tables = Array.from({ length: 40 }, (_, t) => `[s${t}]\nurl = "<configure me>"\nn = ${t}\n`);
    const work = async (count: number) => {
      const cwd = project({
        '.dlt/config.toml': tables.join('\n'),
        '.dlt/secrets.toml': '[s0]\ntoken = "<configure me>"\n',
      });
      // each kind of edit: a key added to a table, a placeholder filled in, a new table, a conflict, a secret
      const entries = Array.from({ length: count }, (_, i) => [
        entry([`s${i}`], `added_${i}`, i),
        entry([`s${i}`], 'url', `https://${i}.example.com`),
        entry([`new_${i}`], 'n', i),
        entry([`s${i}`], 'n', -1),
        entry([`s${i}`], 'token', `secret-${i}`, true),
      ]).flat();
      const before = { ...tomlWorkCount };
      const state = await probe(cwd, [entries]);
      assert.equal(state.toml.filter((change) => change.action === 'conflict').length, count);
      assert.deepEqual(state.written, ['.dlt/config.toml', '.dlt/secrets.toml']);
      return { parses: tomlWorkCount.parses - before.parses, scans: tomlWorkCount.scans - before.scans };
    };
    // two files read, each parsed once, and each merged text parsed once more to verify it
    assert.deepEqual(await work(1), { parses: 4, scans: 2 });
    assert.deepEqual(await work(30), { parses: 4, scans: 2 });
  });
});
