import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnv } from 'yeoman-environment';
import { repoRoot, run } from './support/python.js';

const GENERATORS = ['verified', 'rest', 'custom', 'incremental', 'destination', 'deploy'];

/** Every file of a folder, relative to the repository, skipping build-irrelevant ones. */
function filesUnder(folder: string): string[] {
  const full = join(repoRoot, folder);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(repoRoot.length))
    .filter((path) => !path.endsWith('.ts'));
}

describe('the published package', () => {
  let packed: string[];

  before(async function () {
    this.timeout(120_000);
    // build output is already there (npm test builds first); prepack would clean and rebuild it
    const result = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot });
    assert.equal(result.code, 0, result.stderr);
    packed = (JSON.parse(result.stdout) as { files: { path: string }[] }[])[0]!.files.map(
      (file) => file.path,
    );
  });

  it('holds every compiled generator, its USAGE and its templates', () => {
    for (const folder of ['app', ...GENERATORS.map((name) => `generators/${name}`)]) {
      assert.ok(packed.includes(`${folder}/index.js`), `${folder}/index.js is not packed`);
      assert.ok(packed.includes(`${folder}/USAGE`), `${folder}/USAGE is not packed`);
      for (const template of filesUnder(`${folder}/templates`)) {
        assert.ok(packed.includes(template), `${template} is not packed`);
      }
    }
  });

  it('holds every compiled shared module and data file, the bin, and no TypeScript or tests', () => {
    for (const file of filesUnder('shared')) assert.ok(packed.includes(file), `${file} is not packed`);
    assert.ok(packed.includes('bin/generator-dlt.cjs'));
    assert.deepEqual(
      packed.filter((path) => path.endsWith('.ts') || path.startsWith('test/')),
      [],
    );
  });

  it('is found by yo: installed from the tarball, the environment lists dlt and its six sub-generators', async function () {
    this.timeout(300_000);
    const prefix = mkdtempSync(join(tmpdir(), 'dlt-pack-'));
    try {
      const pack = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', prefix], {
        cwd: repoRoot,
      });
      assert.equal(pack.code, 0, pack.stderr);
      const tarball = join(prefix, pack.stdout.trim().split('\n').pop()!);
      const install = await run(
        'npm',
        ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', tarball],
        { cwd: prefix },
      );
      assert.equal(install.code, 0, install.stderr);
      const env = createEnv({ cwd: prefix });
      await env.lookup({ npmPaths: [join(prefix, 'lib/node_modules')], localOnly: true } as never);
      const namespaces = Object.keys(env.getGeneratorsMeta()).sort();
      assert.deepEqual(namespaces, ['dlt:app', ...GENERATORS.map((name) => `dlt:${name}`)].sort());
      const help = await run(join(prefix, 'bin/generator-dlt'), ['rest', '--help'], { cwd: prefix });
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, /--base-url/);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });
});
