import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGenerator, tempProject } from '../../support/cli.js';
import { ruffProblems, runPython } from '../../support/python.js';
import { startSampleApi } from '../../support/sample-api.js';

/**
 * dlt:rest probes the sample API and records its pages for the offline smoke test; dlt:incremental
 * then adds start and end query parameters to that resource, which the recording never had. The
 * smoke test must still pass with the API stopped.
 */
describe('dlt:incremental on a probed REST resource keeps its offline smoke test passing @e2e', () => {
  it('the fixture ignores the new query parameters; the smoke test loads every recorded row', async () => {
    const cwd = tempProject('dlt-incr-fixture-');
    const api = await startSampleApi({ records: 45, pageSize: 10 });
    try {
      const rest = await runGenerator(
        'rest',
        [
          ...['--yes', '--skip-install', '--pipeline-name', 'paged'],
          ...['--base-url', `${api.url}/page_number`, '--resources', 'items', '--auth', 'none'],
        ],
        cwd,
      );
      assert.equal(rest.code, 0, rest.stderr);
    } finally {
      await api.close();
    }
    const fixturePath = join(cwd, 'tests/fixtures/paged/items.json');
    const recorded = JSON.parse(readFileSync(fixturePath, 'utf8'));
    assert.deepEqual(recorded.ignored_params, []);

    const incremental = await runGenerator(
      'incremental',
      [
        ...['--yes', '--force', '--cursor-path', 'updated_at', '--param', 'updated_since'],
        ...['--initial-value', '2024-01-01T00:00:00Z', '--end-param', 'updated_before'],
        ...['--end-value', '2030-01-01T00:00:00Z'],
      ],
      cwd,
    );
    assert.equal(incremental.code, 0, incremental.stderr);
    assert.match(
      incremental.stdout + incremental.stderr,
      /tests\/fixtures\/paged\/items\.json: the offline smoke test ignores updated_since and updated_before/,
    );
    assert.match(
      readFileSync(join(cwd, 'paged_pipeline.py'), 'utf8'),
      /"updated_since": "\{incremental\.start_value\}"/,
    );
    const edited = JSON.parse(readFileSync(fixturePath, 'utf8'));
    assert.deepEqual(edited, { ...recorded, ignored_params: ['updated_before', 'updated_since'] });

    assert.equal(await ruffProblems(cwd, ['tests', 'paged_pipeline.py']), '');
    const test = await runPython(['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], cwd, {
      DLT_DATA_DIR: join(cwd, '.dlt-data'),
    });
    assert.equal(test.code, 0, `${test.stdout}\n${test.stderr}`);
    assert.match(test.stdout, /1 passed/);
  });
});
