import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { runGenerator, tempProject } from '../support/cli.js';
import { repoRoot, run } from '../support/python.js';

/**
 * A copy of the package with these files of its bin/ and links to its other folders, inside the
 * repository so that node_modules is found above it, as from the bin.
 */
function packageCopy(binFiles: readonly string[]): string {
  mkdirSync(join(repoRoot, '.cache'), { recursive: true });
  const copy = mkdtempSync(join(repoRoot, '.cache', 'bin-copy-'));
  mkdirSync(join(copy, 'bin'));
  for (const file of binFiles) copyFileSync(join(repoRoot, 'bin', file), join(copy, 'bin', file));
  for (const folder of ['app', 'generators', 'shared'])
    symlinkSync(join(repoRoot, folder), join(copy, folder));
  return copy;
}

/**
 * bin/generator-dlt.cjs runs the bundle from a V8 code cache (bin/compile-cache.cts), by default
 * under $XDG_CACHE_HOME/generator-dlt/compile-cache.
 */
describe('the code cache of the bin (bin/generator-dlt.cts)', function () {
  this.timeout(60_000);
  const DESTINATION = ['--yes', '--skip-install', '--destination', 'postgres'];
  const cacheFolder = (home: string) => join(home, 'generator-dlt', 'compile-cache');
  const cacheFiles = (home: string) =>
    existsSync(cacheFolder(home)) ? readdirSync(cacheFolder(home)).sort() : [];
  /** Under an XDG cache home of the test's own (the test support names a cache folder outright). */
  const inHome = (home: string, env: NodeJS.ProcessEnv = {}) => ({
    XDG_CACHE_HOME: home,
    GENERATOR_DLT_COMPILE_CACHE: '',
    ...env,
  });
  const oldTime = new Date(2020, 0, 1);
  /** Whether a run wrote `path` again (a new file renamed over it; a run that reads it may touch it). */
  async function rewrites(path: string, run: () => Promise<unknown>): Promise<boolean> {
    const before = statSync(path).ino;
    await run();
    return statSync(path).ino !== before;
  }

  async function destinationRun(home: string, env: NodeJS.ProcessEnv = {}) {
    const project = tempProject();
    const result = await runGenerator('destination', DESTINATION, project, inHome(home, env));
    assert.equal(result.code, 0, result.stderr);
    return { result, config: readFileSync(join(project, '.dlt/config.toml'), 'utf8') };
  }

  function onlyCache(home: string): string {
    const files = cacheFiles(home);
    assert.equal(files.length, 1, files.join(', '));
    return join(cacheFolder(home), files[0]!);
  }

  it('is written by a first run, one file per kind of run, and read by the next without writing it again', async () => {
    const home = tempProject('dlt-cache-');
    const first = await destinationRun(home);
    const path = onlyCache(home);
    assert.match(path, /\/destination-[0-9a-f]{16}-\d+-\d+-v\d+\.\d+\.\d+-\w+\.bin$/);
    assert.ok(statSync(path).size > 100_000, `${statSync(path).size} bytes`);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(cacheFolder(home)).mode & 0o777, 0o700);
    let second: Awaited<ReturnType<typeof destinationRun>> | undefined;
    assert.equal(
      await rewrites(path, async () => {
        second = await destinationRun(home);
      }),
      false,
    );
    assert.equal(second!.config, first.config);
    assert.equal(second!.result.stdout, first.result.stdout);

    for (const args of [
      ['rest', '--help'],
      ['verified', '--list'],
    ]) {
      const listed = await runGenerator(args[0]!, args.slice(1), tempProject(), inHome(home));
      assert.equal(listed.code, 0, listed.stderr);
    }
    assert.deepEqual(
      cacheFiles(home).map((name) => name.replace(/-[0-9a-f]{16}-.*$/, '')),
      ['destination', 'rest-help', 'verified-list'],
    );
  });

  it('is kept by a run that parses Python (which sets a V8 flag) and imports its grammar from the cache', async () => {
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
      inHome(home, {}),
    );
    assert.equal(made.code, 0, made.stderr);
    const incremental = async () => {
      const result = await runGenerator(
        'incremental',
        ['--yes', '--skip-install', '--file', 'shop_pipeline.py', '--resource', 'items'].concat([
          '--cursor-path',
          'updated_at',
          '--primary-key',
          'id',
          '--force',
        ]),
        project,
        inHome(home),
      );
      assert.equal(result.code, 0, result.stderr);
    };
    await incremental();
    const [file] = cacheFiles(home).filter((name) => name.startsWith('incremental-'));
    assert.equal(await rewrites(join(cacheFolder(home), file!), incremental), false);
  });

  it('a file cut short, damaged inside, or not a cache at all is not used: the run is the same, and the file is written again whole', async () => {
    const home = tempProject('dlt-cache-');
    const fresh = await destinationRun(home);
    const path = onlyCache(home);
    const whole = readFileSync(path);
    const damaged = Buffer.from(whole);
    damaged.fill(0xff, Math.floor(whole.length / 2), Math.floor(whole.length / 2) + 8);
    for (const broken of [whole.subarray(0, whole.length / 3), damaged, Buffer.from('not a code cache')]) {
      writeFileSync(path, broken);
      const again = await destinationRun(home);
      assert.equal(again.config, fresh.config);
      assert.equal(again.result.stdout, fresh.result.stdout);
      assert.equal(again.result.stderr, fresh.result.stderr);
      assert.ok(
        statSync(path).size > whole.length * 0.9,
        `${statSync(path).size} bytes, ${whole.length} before`,
      );
      // and the rewritten one is taken as it is
      assert.equal(await rewrites(path, () => destinationRun(home)), false);
    }
    assert.equal(cacheFiles(home).length, 1);
  });

  it('a bundle changed in place (same length, same hash line) does not run from the cache made for the old one', async () => {
    const copy = packageCopy(['generator-dlt.cjs', 'compile-cache.cjs', 'cli.bundle.cjs']);
    try {
      const home = tempProject('dlt-cache-');
      const help = () =>
        run(process.execPath, [join(copy, 'bin/generator-dlt.cjs'), 'destination', '--help'], {
          cwd: copy,
          env: { ...process.env, ...inHome(home) },
        });
      assert.match((await help()).stdout, /display help for command/);
      const bundle = join(copy, 'bin/cli.bundle.cjs');
      writeFileSync(
        bundle,
        readFileSync(bundle, 'utf8').replaceAll('display help for command', 'DISPLAY help for command'),
      );
      assert.match((await help()).stdout, /DISPLAY help for command/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('a run that fails, NODE_DISABLE_COMPILE_CACHE, a relative or unusable folder: no cache written there, the run unchanged', async () => {
    const failed = tempProject('dlt-cache-');
    const bad = await runGenerator(
      'destination',
      ['--yes', '--destination', 'postgresx'],
      tempProject(),
      inHome(failed),
    );
    assert.equal(bad.code, 2);
    assert.deepEqual(cacheFiles(failed), []);

    const disabled = tempProject('dlt-cache-');
    await destinationRun(disabled, { NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.deepEqual(cacheFiles(disabled), []);

    // a relative XDG_CACHE_HOME is ignored (the XDG spec): nothing lands in the project
    const project = tempProject();
    const relative = await runGenerator('destination', DESTINATION, project, {
      ...inHome('relcache'),
      HOME: tempProject('dlt-home-'),
    });
    assert.equal(relative.code, 0, relative.stderr);
    assert.equal(existsSync(join(project, 'relcache')), false);

    // a folder that cannot be made, even by root (CI runs as root): its parent is a file
    const blocked = join(tempProject('dlt-cache-'), 'a-file');
    writeFileSync(blocked, '');
    const { result } = await destinationRun(blocked);
    assert.equal(result.stderr, (await destinationRun(tempProject('dlt-cache-'))).result.stderr);
    assert.equal(statSync(blocked).isFile(), true);
  });

  it('GENERATOR_DLT_COMPILE_CACHE names the folder itself', async () => {
    const folder = join(tempProject('dlt-cache-'), 'named');
    const result = await runGenerator('destination', ['--help'], tempProject(), {
      GENERATOR_DLT_COMPILE_CACHE: folder,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      readdirSync(folder).map((name) => name.replace(/-[0-9a-f]{16}-.*$/, '')),
      ['destination-help'],
    );
  });

  it('two runs at once both run, and leave one whole cache file that the next run takes', async () => {
    const home = tempProject('dlt-cache-');
    const [a, b] = await Promise.all([destinationRun(home), destinationRun(home)]);
    assert.equal(a.config, b.config);
    const path = onlyCache(home);
    assert.equal(await rewrites(path, () => destinationRun(home)), false);
  });

  it('removes caches and partial files unused for a while when it writes one (other builds, other installs), and keeps newer ones', async () => {
    const home = tempProject('dlt-cache-');
    await destinationRun(home);
    const folder = cacheFolder(home);
    const [current] = cacheFiles(home);
    const hash = /^destination-([0-9a-f]{16})-/.exec(current!)![1];
    const oldBuild = join(folder, 'rest-0000000000000000-1-1-v20.0.0-x64.bin');
    const oldInstall = join(folder, `rest-${hash}-1-1-v20.0.0-x64.bin`);
    const recent = join(folder, 'rest-1111111111111111-1-1-v20.0.0-x64.bin');
    const partial = join(folder, `${current}.99999.partial`);
    for (const file of [oldBuild, oldInstall, recent, partial]) writeFileSync(file, 'x');
    for (const file of [oldBuild, oldInstall, partial]) utimesSync(file, oldTime, oldTime);
    const help = await runGenerator('destination', ['--help'], tempProject(), inHome(home));
    assert.equal(help.code, 0, help.stderr);
    assert.deepEqual(
      [oldBuild, oldInstall, partial, recent].map((file) => existsSync(file)),
      [false, false, false, true],
    );
  });

  it('two installs of one build keep a cache each, not one they take turns writing', async () => {
    const home = tempProject('dlt-cache-');
    const copy = packageCopy(['generator-dlt.cjs', 'compile-cache.cjs', 'cli.bundle.cjs']);
    try {
      const help = (bin: string) =>
        run(process.execPath, [bin, 'destination', '--help'], {
          cwd: copy,
          env: { ...process.env, ...inHome(home) },
        });
      for (const bin of [join(repoRoot, 'bin/generator-dlt.cjs'), join(copy, 'bin/generator-dlt.cjs')]) {
        assert.equal((await help(bin)).code, 0);
      }
      const files = cacheFiles(home);
      assert.equal(files.length, 2, files.join(', '));
      const paths = files.map((file) => join(cacheFolder(home), file));
      const inodes = paths.map((path) => statSync(path).ino);
      await help(join(repoRoot, 'bin/generator-dlt.cjs'));
      await help(join(copy, 'bin/generator-dlt.cjs'));
      assert.deepEqual(
        paths.map((path) => statSync(path).ino),
        inodes,
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('the bundle the bin runs (scripts/bundle/build.mjs)', () => {
  const text = () => readFileSync(join(repoRoot, 'bin/cli.bundle.cjs'), 'utf8');

  it('ends with the SHA-256 of what comes before, the key of its code caches', () => {
    const bundle = text();
    const match = /\/\/ sha256 ([0-9a-f]{64})\n$/.exec(bundle);
    assert.ok(match, bundle.slice(-200));
    assert.equal(createHash('sha256').update(bundle.slice(0, match.index)).digest('hex'), match[1]);
  });

  it('is strict code, as the ES modules it is made of were', () => {
    assert.ok(text().startsWith('"use strict";'), text().slice(0, 80));
  });

  it('calls no import() of its own: code taken from a code cache could not run it', () => {
    assert.equal(/(?<![\w$.])import\(/.test(text()), false);
  });

  it('a bin without its bundle says what to do, exit 1, and a JSON object with --json', async () => {
    const copy = packageCopy(['generator-dlt.cjs', 'compile-cache.cjs']);
    try {
      const result = await run(process.execPath, [join(copy, 'bin/generator-dlt.cjs'), 'rest', '--json'], {
        cwd: copy,
      });
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /^generator-dlt: cannot read .*cli\.bundle\.cjs \(ENOENT\): run `npm run build`/,
      );
      assert.equal(result.stderr.split('\n').filter(Boolean).length, 1, result.stderr);
      assert.equal(JSON.parse(result.stdout).exitCode, 1);
      const taken = await run(
        process.execPath,
        [join(copy, 'bin/generator-dlt.cjs'), 'rest', '--json', '--no-json'],
        { cwd: copy },
      );
      assert.equal(taken.code, 1);
      assert.equal(taken.stdout, '', 'a later --no-json takes --json back');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
