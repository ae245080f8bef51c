import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGenerator, tempProject } from '../support/cli.js';
import { repoRoot } from '../support/python.js';

/** bin/generator-dlt.cjs runs the bundle from a V8 code cache under $XDG_CACHE_HOME/generator-dlt/compile-cache. */
describe('the code cache of the bin (bin/generator-dlt.cts)', function () {
  this.timeout(60_000);
  const DESTINATION = ['--yes', '--skip-install', '--destination', 'postgres'];

  const cacheFolder = (home: string) => join(home, 'generator-dlt', 'compile-cache');
  const cacheFiles = (home: string) =>
    existsSync(cacheFolder(home)) ? readdirSync(cacheFolder(home)).sort() : [];

  async function destinationRun(home: string, env: NodeJS.ProcessEnv = {}) {
    const project = tempProject();
    const result = await runGenerator('destination', DESTINATION, project, { XDG_CACHE_HOME: home, ...env });
    assert.equal(result.code, 0, result.stderr);
    return { result, config: readFileSync(join(project, '.dlt/config.toml'), 'utf8') };
  }

  it('is written by a first run, one file per kind of run, and read by the next without writing it again', async () => {
    const home = tempProject('dlt-cache-');
    const first = await destinationRun(home);
    const [file, ...others] = cacheFiles(home);
    assert.deepEqual(others, []);
    assert.match(file!, /^destination-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.bin$/);
    const path = join(cacheFolder(home), file!);
    const written = statSync(path);
    assert.ok(written.size > 100_000, `${written.size} bytes`);
    // an accepted cache is not rewritten
    utimesSync(path, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const second = await destinationRun(home);
    assert.equal(second.config, first.config);
    assert.equal(second.result.stdout, first.result.stdout);
    assert.equal(statSync(path).mtime.getFullYear(), 2020);

    const help = await runGenerator('rest', ['--help'], tempProject(), { XDG_CACHE_HOME: home });
    assert.equal(help.code, 0, help.stderr);
    assert.deepEqual(
      cacheFiles(home).map((name) => name.split('-')[0] + (name.includes('-help-') ? '-help' : '')),
      ['destination', 'rest-help'],
    );
  });

  it('is kept by a run that parses Python (which sets a V8 flag), not refused and written again', async () => {
    const home = tempProject('dlt-cache-');
    const project = tempProject();
    const made = await runGenerator(
      'rest',
      [
        '--yes',
        '--skip-install',
        '--no-probe',
        '--pipeline-name',
        'shop',
        '--base-url',
        'https://api.example.com',
        '--resources',
        'items',
      ],
      project,
      { XDG_CACHE_HOME: home },
    );
    assert.equal(made.code, 0, made.stderr);
    const incremental = () =>
      runGenerator(
        'incremental',
        [
          '--yes',
          '--skip-install',
          '--file',
          'shop_pipeline.py',
          '--resource',
          'items',
          '--cursor-path',
          'updated_at',
          '--primary-key',
          'id',
        ],
        project,
        { XDG_CACHE_HOME: home },
      );
    const first = await incremental();
    assert.equal(first.code, 0, first.stderr);
    const [file] = cacheFiles(home).filter((name) => name.startsWith('incremental-'));
    const path = join(cacheFolder(home), file!);
    utimesSync(path, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const second = await incremental();
    assert.equal(second.code, 0, second.stderr);
    assert.equal(statSync(path).mtime.getFullYear(), 2020);
  });

  it('a file cut short or not a cache at all is not used: the run is the same, and the file is written again whole', async () => {
    const home = tempProject('dlt-cache-');
    const fresh = await destinationRun(home);
    const [file] = cacheFiles(home);
    const path = join(cacheFolder(home), file!);
    const whole = readFileSync(path);
    for (const broken of [whole.subarray(0, whole.length / 3), Buffer.from('not a code cache')]) {
      writeFileSync(path, broken);
      const run = await destinationRun(home);
      assert.equal(run.config, fresh.config);
      assert.equal(run.result.stdout, fresh.result.stdout);
      assert.ok(
        statSync(path).size > whole.length * 0.9,
        `${statSync(path).size} bytes, ${whole.length} before`,
      );
      // and the rewritten one is taken as it is
      utimesSync(path, new Date(2020, 0, 1), new Date(2020, 0, 1));
      await destinationRun(home);
      assert.equal(statSync(path).mtime.getFullYear(), 2020);
    }
    assert.deepEqual(cacheFiles(home), [file]);
  });

  it('a run that fails, NODE_DISABLE_COMPILE_CACHE, or a cache folder that cannot be made: nothing written, the run unchanged', async () => {
    const failed = tempProject('dlt-cache-');
    const bad = await runGenerator('destination', ['--yes', '--destination', 'postgresx'], tempProject(), {
      XDG_CACHE_HOME: failed,
    });
    assert.equal(bad.code, 2);
    assert.deepEqual(cacheFiles(failed), []);

    const disabled = tempProject('dlt-cache-');
    await destinationRun(disabled, { NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.deepEqual(cacheFiles(disabled), []);

    // a folder that cannot be made, even by root (CI runs as root): its parent is a file
    const blocked = join(tempProject('dlt-cache-'), 'a-file');
    writeFileSync(blocked, '');
    const { result } = await destinationRun(blocked);
    assert.doesNotMatch(result.stderr, /ENOTDIR|EACCES|cache/i);
    assert.equal(statSync(blocked).isFile(), true);
  });

  it('two runs at once both run, and leave one whole cache file, no partial one', async () => {
    const home = tempProject('dlt-cache-');
    const [a, b] = await Promise.all([destinationRun(home), destinationRun(home)]);
    assert.equal(a.config, b.config);
    const files = cacheFiles(home);
    assert.equal(files.length, 1, files.join(', '));
    const again = await destinationRun(home);
    assert.equal(again.config, a.config);
  });

  it("removes other builds' caches unused for a week when it writes one, and keeps newer ones", async () => {
    const home = tempProject('dlt-cache-');
    await destinationRun(home);
    const folder = cacheFolder(home);
    const old = join(folder, 'rest-0000000000000000-v20.0.0-x64.bin');
    const recent = join(folder, 'rest-1111111111111111-v20.0.0-x64.bin');
    writeFileSync(old, 'old');
    writeFileSync(recent, 'recent');
    utimesSync(old, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const help = await runGenerator('destination', ['--help'], tempProject(), { XDG_CACHE_HOME: home });
    assert.equal(help.code, 0, help.stderr);
    assert.equal(existsSync(old), false);
    assert.equal(existsSync(recent), true);
  });
});

describe('the bundle the bin runs (scripts/bundle/build.mjs)', () => {
  it('ends with the SHA-256 of what comes before, the key of its code caches', () => {
    const text = readFileSync(join(repoRoot, 'bin/cli.bundle.cjs'), 'utf8');
    const match = /\/\/ sha256 ([0-9a-f]{64})\n$/.exec(text);
    assert.ok(match, text.slice(-200));
    const before = text.slice(0, match.index);
    assert.equal(createHash('sha256').update(before).digest('hex'), match[1]);
  });

  it('calls no import() of its own: code taken from a code cache could not run it', () => {
    const text = readFileSync(join(repoRoot, 'bin/cli.bundle.cjs'), 'utf8');
    assert.equal(/(?<![\w$.])import\(/.test(text), false);
  });
});
