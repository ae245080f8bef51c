import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runGenerator, tempProject } from '../support/cli.js';
import { pythonEnv, tableCounts } from '../support/python.js';
import { startSampleApi } from '../support/sample-api.js';

describe('yo dlt --run @e2e', () => {
  it('scaffolds, runs the pipeline with real dlt into DuckDB and prints the tables it loaded', async () => {
    const api = await startSampleApi({ records: 120, pageSize: 20 });
    try {
      const cwd = tempProject();
      // the project's environment is the test venv (dlt, duckdb); the install step is skipped
      const env = { VIRTUAL_ENV: pythonEnv().runtime, DLT_DATA_DIR: join(cwd, '.dlt-data') };
      const result = await runGenerator(
        'app',
        [
          '--source',
          `${api.url}/auth/bearer`,
          '--pipeline-name',
          'sample',
          '--yes',
          '--run',
          '--skip-install',
          '--package-manager',
          'pip',
          '--auth',
          'bearer',
          '--token',
          api.credentials.token,
          '--paginator',
          'page_number',
          '--total-path',
          'total_pages',
          '--resources',
          'items path=page_number/items data_selector=items primary_key=id',
        ],
        cwd,
        env,
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /Loaded into sample_data:\n\s+items\s+120 rows/);
      assert.doesNotMatch(result.stderr + result.stdout, new RegExp(api.credentials.token));
      assert.equal((await tableCounts(cwd, 'sample')).items, 120);
    } finally {
      await api.close();
    }
  });

  it('--profile prod on a new project: runs the pipeline under prod, whose files hold its settings and token', async () => {
    const api = await startSampleApi({ records: 45, pageSize: 20 });
    try {
      const cwd = tempProject();
      const env = { VIRTUAL_ENV: pythonEnv().runtime, DLT_DATA_DIR: join(cwd, '.dlt-data') };
      const result = await runGenerator(
        'app',
        [
          ...['--source', `${api.url}/auth/bearer`, '--pipeline-name', 'sp', '--profile', 'prod'],
          ...['--yes', '--run', '--skip-install', '--package-manager', 'pip', '--no-dashboard'],
          ...['--auth', 'bearer', '--token', api.credentials.token],
          ...['--paginator', 'page_number', '--total-path', 'total_pages'],
          ...['--resources', 'items path=page_number/items data_selector=items primary_key=id'],
        ],
        cwd,
        env,
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /Settings and secrets went to the prod profile/);
      assert.match(result.stderr, /Loaded into sp_data:\n\s+items\s+45 rows/);
      assert.match(result.stderr, /^Run the pipeline: +WORKSPACE__PROFILE=prod \S*python sp_pipeline\.py$/m);
      assert.doesNotMatch(result.stderr + result.stdout, new RegExp(api.credentials.token));
    } finally {
      await api.close();
    }
  });

  it('does not run a pipeline whose placeholders are not filled in, and says why', async () => {
    const cwd = tempProject();
    const result = await runGenerator(
      'app',
      [
        ...['--source', 'http://127.0.0.1:9/api', '--auth', 'bearer', '--resources', 'items'],
        ...['--yes', '--run', '--skip-install', '--package-manager', 'pip', '--json'],
      ],
      cwd,
      { VIRTUAL_ENV: pythonEnv().runtime },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /Not running rest_api_pipeline\.py yet: fill in the placeholders listed above first/,
    );
  });
});
