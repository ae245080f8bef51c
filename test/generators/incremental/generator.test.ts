import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import helpers, { result } from 'yeoman-test';
import type IncrementalGenerator from '../../../generators/incremental/index.js';
import { runGenerator, tempProject } from '../../support/cli.js';

/**
 * `generator-dlt incremental` as a script or CI runs it (no terminal): choosing the resource,
 * refusing what it cannot do with exit status 2 and a message that says what to change, dry runs,
 * already incremental resources, the initial value in config.toml.
 */

const corpus = fileURLToPath(new URL('../../fixtures/pipelines/', import.meta.url));
const incrementalGenerator = fileURLToPath(
  new URL('../../../generators/incremental/index.js', import.meta.url),
);

function project(files: Record<string, string>): string {
  const cwd = tempProject('incremental-');
  for (const [name, fixture] of Object.entries(files)) copyFileSync(join(corpus, fixture), join(cwd, name));
  return cwd;
}

const read = (cwd: string, file: string) => readFileSync(join(cwd, file), 'utf8');
const original = (fixture: string) => readFileSync(join(corpus, fixture), 'utf8');

const itemsArgs = [
  '--cursor-path',
  'updated_at',
  '--initial-value',
  '2024-01-01T00:00:00Z',
  '--param',
  'since',
];

describe('dlt:incremental command line', () => {
  it('with --yes takes the cursor the probe named in the comment above the resource, and drops that hint', async () => {
    const cwd = project({ 'probed_pipeline.py': 'rest_probed.py' });
    const result = await runGenerator('incremental', ['--yes', '--resource', 'more_items'], cwd);
    assert.equal(result.code, 0, result.stderr);
    const script = read(cwd, 'probed_pipeline.py');
    assert.match(
      script,
      /"name": "more_items",\n\s+"endpoint": \{[\s\S]*?"incremental": \{"cursor_path": "updated_at"\}/,
    );
    // the hint above more_items is gone, the one above items (not edited) stays
    assert.equal(script.match(/Date-time fields for incremental loading/g)?.length, 1);
    // a resource without the hint still needs the cursor given
    const plain = project({ 'sample_pipeline.py': 'rest_generated.py' });
    const asked = await runGenerator('incremental', ['--yes', '--resource', 'items'], plain);
    assert.equal(asked.code, 2, asked.stderr);
    assert.match(asked.stderr, /--cursor-path is required/);
  });

  it('a child that replaced its table appends once its parent is incremental, with a warning, its reason gone', async () => {
    const cwd = tempProject('incremental-');
    const generated = await runGenerator(
      'rest',
      [
        '--yes',
        '--skip-install',
        '--no-probe',
        '--pipeline-name',
        'shop',
        '--base-url',
        'https://api.example.com',
        '--paginator',
        'json_link',
        '--resources',
        'items primary_key=id; comments path=items/{resources.items.id}/comments',
      ],
      cwd,
    );
    assert.equal(generated.code, 0, generated.stderr);
    assert.match(read(cwd, 'shop_pipeline.py'), /"write_disposition": "replace"/);
    const result = await runGenerator(
      'incremental',
      ['--yes', '--resource', 'items', '--cursor-path', 'updated_at'],
      cwd,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /comments reads the records of items, which now come incrementally: .*appends them/,
    );
    // its first incremental run reads every item again: the drop that keeps it from loading them twice
    assert.match(
      result.stderr,
      /when it reads them all, run `[^`]*pipeline shop drop comments` once before it/,
    );
    const script = read(cwd, 'shop_pipeline.py');
    assert.match(script, /"name": "comments",[\s\S]*?"write_disposition": "append"/);
    assert.doesNotMatch(script, /"replace"|every run reads all of its parents/);
  });

  it('exits 2 on an unknown resource, listing the resources it found', async () => {
    const cwd = project({ 'sample_pipeline.py': 'rest_generated.py', 'github.py': 'python_transformer.py' });
    const result = await runGenerator('incremental', ['--resource', 'nope', ...itemsArgs, '--force'], cwd);
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /--resource: no resource named "nope" in the project; found: repos \(github\.py:6\), commits \(github\.py:11\), items \(sample_pipeline\.py:20\)/,
    );
    assert.equal(read(cwd, 'sample_pipeline.py'), original('rest_generated.py'));

    const transformer = await runGenerator(
      'incremental',
      ['--resource', 'commits', ...itemsArgs, '--force'],
      cwd,
    );
    assert.equal(transformer.code, 2, transformer.stderr);
    // the scan report lists the transformer as not editable, saying why
    assert.match(
      transformer.stdout + transformer.stderr,
      /! commits \(github\.py:11\): it is a @dlt\.transformer: dlt keeps one cursor/,
    );
    assert.match(
      transformer.stderr,
      /commits \(github\.py:11\) cannot be made incremental by this tool: it is a @dlt\.transformer/,
    );
    assert.equal(read(cwd, 'github.py'), original('python_transformer.py'));
  });

  it('reports files that do not parse, never edits them, and exits 2 when asked to', async () => {
    const cwd = project({ 'sample_pipeline.py': 'rest_generated.py', 'broken.py': 'broken.py' });
    const skipped = await runGenerator('incremental', [...itemsArgs, '--dry-run'], cwd);
    assert.equal(skipped.code, 0, skipped.stderr);
    assert.match(skipped.stderr, /broken\.py does not parse \(line 5: missing \)\); skipped/);
    const result = await runGenerator('incremental', ['--file', 'broken.py', ...itemsArgs, '--force'], cwd);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /--file: broken\.py does not parse \(line 5: missing \)\), so it is not edited/,
    );
    assert.equal(read(cwd, 'broken.py'), original('broken.py'));
  });

  it('a wrong --file or --resource prints the error alone, not the scan report before it', async () => {
    const cwd = project({ 'sample_pipeline.py': 'rest_generated.py' });
    for (const args of [
      ['--file', 'nothere.py', ...itemsArgs],
      ['--resource', 'nothere', '--cursor-path', 'updated_at', '--yes'],
    ]) {
      const result = await runGenerator('incremental', args, cwd);
      assert.equal(result.code, 2);
      assert.doesNotMatch(result.stderr, /Found \d+ resources? in/);
      assert.match(result.stderr, /^generator-dlt: --(file|resource): /);
    }
  });

  it('says there is nothing to make incremental in a project without pipelines', async () => {
    const cwd = tempProject('incremental-empty-');
    writeFileSync(join(cwd, 'util.py'), 'def helper():\n    return 1\n');
    const result = await runGenerator('incremental', ['--yes'], cwd);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /No dlt resources found in .*: looked at 1 Python files .* create one first/);
  });

  it('without --yes, asks to --force or --dry-run rather than hang on the overwrite question, and writes with --force', async () => {
    const cwd = project({ 'sample_pipeline.py': 'rest_generated.py' });
    const refused = await runGenerator('incremental', itemsArgs, cwd);
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /sample_pipeline\.py would change, and with no terminal .* Run again with --force/,
    );
    assert.equal(read(cwd, 'sample_pipeline.py'), original('rest_generated.py'));

    const written = await runGenerator('incremental', [...itemsArgs, '--force', '--json'], cwd);
    assert.equal(written.code, 0, written.stderr);
    assert.equal(
      read(cwd, 'sample_pipeline.py'),
      readFileSync(join(corpus, '../incremental/rest_generated.items.py'), 'utf8'),
    );
    const summary = JSON.parse(written.stdout) as { files: { path: string; action: string }[] };
    assert.deepEqual(summary.files, [{ path: 'sample_pipeline.py', action: 'update' }]);
    // answers about one resource are not kept as defaults for the next
    const yoRc = existsSync(join(cwd, '.yo-rc.json')) ? read(cwd, '.yo-rc.json') : '{}';
    assert.doesNotMatch(yoRc, /cursorPath|incremental/);
  });

  it('edits the script --file names with --yes and no --force (the edit is the request)', async () => {
    const cwd = project({
      'sample_pipeline.py': 'rest_generated.py',
      'other_pipeline.py': 'rest_generated.py',
    });
    const named = ['--file', 'sample_pipeline.py', '--resource', 'items', ...itemsArgs, '--yes'];
    const written = await runGenerator('incremental', named, cwd);
    assert.equal(written.code, 0, written.stderr);
    assert.equal(
      read(cwd, 'sample_pipeline.py'),
      readFileSync(join(corpus, '../incremental/rest_generated.items.py'), 'utf8'),
    );
    assert.equal(read(cwd, 'other_pipeline.py'), original('rest_generated.py'));
  });

  it('edits the one script it found with --yes and no --file nor --force (the edit is the request)', async () => {
    const cwd = project({ 'shop_pipeline.py': 'rest_generated.py' });
    const result = await runGenerator('incremental', [...itemsArgs, '--yes', '--json'], cwd);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      read(cwd, 'shop_pipeline.py'),
      readFileSync(join(corpus, '../incremental/rest_generated.items.py'), 'utf8'),
    );
    const summary = JSON.parse(result.stdout) as { files: { path: string; action: string }[] };
    assert.deepEqual(summary.files, [{ path: 'shop_pipeline.py', action: 'update' }]);
  });

  it('shows the change as a diff in a dry run and writes nothing', async () => {
    const cwd = project({ 'sample_pipeline.py': 'rest_generated.py' });
    for (const extra of [[], ['--force']]) {
      const result = await runGenerator('incremental', [...itemsArgs, '--dry-run', ...extra], cwd);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /\+ {20}"params": \{"since": "\{incremental\.start_value\}"\},/);
      assert.match(result.stderr, /- {16}"endpoint": \{"data_selector": "data", "path": "items"\},/);
      assert.match(result.stderr, /Would write:\n {2}update {3}sample_pipeline\.py/);
      assert.equal(read(cwd, 'sample_pipeline.py'), original('rest_generated.py'));
    }
  });

  it('says when a resource is incremental already, and changes only the settings asked for', async () => {
    const cwd = project({ 'events.py': 'rest_already_incremental.py' });
    const kept = await runGenerator('incremental', ['--no-change-settings', '--force'], cwd);
    assert.equal(kept.code, 0, kept.stderr);
    assert.match(
      kept.stderr,
      /issues loads incrementally already \(cursor updated_at, initial value 2024-01-25T11:21:28Z, query param since\)/,
    );
    assert.match(kept.stderr, /Left events\.py as it is/);

    const changed = await runGenerator(
      'incremental',
      ['--initial-value', '2023-06-01T00:00:00Z', '--force'],
      cwd,
    );
    assert.equal(changed.code, 0, changed.stderr);
    const before = original('rest_already_incremental.py').split('\n');
    const after = read(cwd, 'events.py').split('\n');
    assert.equal(after.length, before.length);
    const differing = after.filter((line, index) => line !== before[index]);
    assert.deepEqual(differing, ['                        "initial_value": "2023-06-01T00:00:00Z",']);
  });

  it("puts the initial value in dlt's incremental config section when asked", async () => {
    const cwd = project({ 'orders_pipeline.py': 'python_multiline_signature.py' });
    const result = await runGenerator(
      'incremental',
      [...itemsArgs, '--initial-value-in-config', '--force', '--skip-install'],
      cwd,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(read(cwd, 'orders_pipeline.py'), /updated_at=dlt\.sources\.incremental\("updated_at"\),/);
    assert.match(
      read(cwd, '.dlt/config.toml'),
      /\[sources\.orders_pipeline\.orders\.updated_at\]\ninitial_value = "2024-01-01T00:00:00Z"/,
    );
    assert.match(result.stderr, /Make orders in orders_pipeline\.py ask the API only for new records/);
  });

  it('exits 2 naming each option that is wrong or missing', async () => {
    const cwd = project({ 'tickets.py': 'python_from_import.py' });
    const result = await runGenerator(
      'incremental',
      ['--initial-value', 'yesterday', '--lag', 'soon', '--write-disposition', 'upsert'],
      cwd,
    );
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--initial-value: "yesterday" is not a cursor value: give an ISO date-time/);
    assert.match(result.stderr, /--lag: "soon" is not a lag/);
    assert.match(result.stderr, /--write-disposition: "upsert" is not one of: merge, append/);
    assert.match(result.stderr, /--cursor-path is required/);

    const noKey = await runGenerator(
      'incremental',
      ['--cursor-path', 'updated_at', '--write-disposition', 'merge', '--yes'],
      cwd,
    );
    assert.equal(noKey.code, 2);
    assert.match(
      noKey.stderr,
      /--primary-key is required \(.*records without one: --write-disposition append\)/,
    );
    assert.equal(read(cwd, 'tickets.py'), original('python_from_import.py'));

    // without a key, given or in the code, and no --write-disposition: it appends what is new
    const keyless = await runGenerator('incremental', ['--cursor-path', 'updated_at', '--yes'], cwd);
    assert.equal(keyless.code, 0, keyless.stderr);
    assert.match(read(cwd, 'tickets.py'), /write_disposition="append"/);
  });

  it('exits 2 on a merge strategy with a write disposition other than merge, writing nothing', async () => {
    const cwd = project({ 'sample_pipeline.py': 'rest_generated.py' });
    const args = ['--resource', 'items', '--cursor-path', 'updated_at', '--force', '--yes'];
    const result = await runGenerator(
      'incremental',
      [...args, '--write-disposition', 'append', '--merge-strategy', 'scd2'],
      cwd,
    );
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /--merge-strategy scd2 goes with --write-disposition merge, not append: give --write-disposition merge, or leave --merge-strategy out/,
    );
    assert.equal(read(cwd, 'sample_pipeline.py'), original('rest_generated.py'));
  });

  it('exits 2 when a rest_api query param would get no start value (the first run would load nothing)', async () => {
    const cwd = project({ 'sample_pipeline.py': 'rest_generated.py' });
    const args = ['--resource', 'items', '--cursor-path', 'updated_at', '--primary-key', 'id', '--force'];
    const result = await runGenerator('incremental', [...args, '--param', 'since', '--yes'], cwd);
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /--initial-value: .*needs an initial value: without one, the first run sends since=None/,
    );
    assert.equal(read(cwd, 'sample_pipeline.py'), original('rest_generated.py'));

    // filtering client-side, dlt keeps everything on the first run: no initial value is fine
    const clientSide = await runGenerator('incremental', [...args, '--param', 'none', '--yes'], cwd);
    assert.equal(clientSide.code, 0, clientSide.stderr);
  });
});

describe('dlt:incremental in a terminal', () => {
  it('lists what it found, asks which resource and how, and edits the file', async () => {
    await helpers
      .run<IncrementalGenerator>(incrementalGenerator)
      .withOptions({ interactive: true, skipInstall: true })
      .withFiles({
        'github.py': original('python_transformer.py'),
        'sample_pipeline.py': original('rest_generated.py'),
      })
      .commitFiles()
      .withAnswers({
        file: 'sample_pipeline.py',
        resource: 'items',
        cursorPath: 'updated_at',
        initialValue: '2024-01-01T00:00:00Z',
        param: 'since',
      });
    // (the package manager question is the shared base's; this generator installs nothing)
    const asked = result.askedQuestions
      .map((question) => question.name)
      .filter((name) => name !== 'packageManager');
    assert.deepEqual(asked.slice(0, 5), ['file', 'resource', 'cursorPath', 'param', 'initialValue']);
    const answer = (name: string) => result.askedQuestions.find((question) => question.name === name)?.answer;
    assert.equal(answer('primaryKey'), 'id', 'the default is the primary key the resource has');
    assert.equal(answer('writeDisposition'), 'merge');
    assert.equal(answer('initialValueInConfig'), undefined, 'a rest_api resource cannot read it from config');
    assert.equal(
      readFileSync(join(result.cwd, 'sample_pipeline.py'), 'utf8'),
      readFileSync(join(corpus, '../incremental/rest_generated.items.py'), 'utf8'),
    );
  });
});
