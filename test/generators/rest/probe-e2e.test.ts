import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGenerator, tempProject } from '../../support/cli.js';
import { queryRows, ruffProblems, runPipelineScript, runPython } from '../../support/python.js';
import {
  PAGINATION_STYLES,
  type PaginationStyle,
  type SampleApi,
  startSampleApi,
} from '../../support/sample-api.js';

/**
 * dlt:rest given only a base URL and a resource name probes the live sample API, writes the
 * paginator it verified, and the generated pipeline loads every row with real dlt into DuckDB; the
 * generated offline smoke test passes with the API stopped.
 */

const RECORDS = 45;
const PAGE_SIZE = 10;

/** The paginator each style must get, as the script spells it (blanks collapsed). */
const EXPECTED: Record<PaginationStyle, RegExp> = {
  json_link: /"paginator": \{ ?"type": "json_link", "next_url_path": "next" ?\}/,
  header_link: /"paginator": \{ ?"type": "header_link" ?\}/,
  header_cursor:
    /"paginator": \{ "type": "header_cursor", "cursor_key": "x-next-cursor", "cursor_param": "cursor", \}/,
  cursor: /"paginator": \{ "type": "cursor", "cursor_path": "next_cursor", "cursor_param": "cursor", \}/,
  offset:
    /"paginator": \{ "type": "offset", "limit": 10, "offset_param": "offset", "limit_param": "limit", "total_path": "total", \}/,
  page_number:
    /"paginator": \{ "type": "page_number", "base_page": 1, "page_param": "page", "total_path": "total_pages", \}/,
  single_page: /"paginator": "single_page"/,
  has_more:
    /"paginator": \{ "type": "cursor", "cursor_path": "data\[-1\]\.id", "cursor_param": "starting_after", "has_more_path": "has_more", \}/,
};

const collapsed = (text: string) => text.replace(/\s+/g, ' ');
/** The script with each comment paragraph on one line, without its "#". */
const joinedComments = (text: string) => text.replace(/\s*\n\s*# /g, ' ');

interface Summary {
  warnings: string[];
  devRequirements?: string[];
  detected: string[];
}

async function generate(cwd: string, pipeline: string, args: string[]) {
  const run = await runGenerator(
    'rest',
    ['--yes', '--skip-install', '--json', '--pipeline-name', pipeline, ...args],
    cwd,
  );
  assert.equal(run.code, 0, run.stderr);
  const script = `${pipeline}_pipeline.py`;
  assert.equal(await ruffProblems(cwd, [script]), '');
  return {
    summary: JSON.parse(run.stdout) as Summary,
    script,
    text: readFileSync(join(cwd, script), 'utf8'),
  };
}

async function loadedIds(cwd: string, pipeline: string, script: string): Promise<number[]> {
  const run = await runPipelineScript(cwd, script);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const rows = await queryRows(cwd, pipeline, 'SELECT id FROM items ORDER BY id');
  return rows.map(([id]) => Number(id));
}

describe('dlt:rest probes the live API @e2e', () => {
  let api: SampleApi;
  const allIds = Array.from({ length: RECORDS }, (_, i) => i + 1);

  before(async () => {
    api = await startSampleApi({ records: RECORDS, pageSize: PAGE_SIZE });
  });
  after(async () => {
    await api.close();
  });

  for (const style of PAGINATION_STYLES) {
    it(`${style}: --base-url and --resources items alone load every row, with the verified paginator written`, async () => {
      const cwd = tempProject('dlt-probe-');
      const pipeline = `probe_${style}`;
      api.clearRequests();
      const { summary, script, text } = await generate(cwd, pipeline, [
        '--base-url',
        `${api.url}/${style}`,
        '--resources',
        'items',
      ]);
      const probeRequests = api.requests.filter((r) => r.path === `/${style}/items`);
      assert.ok(probeRequests.length <= 3, `${probeRequests.length} probe requests`);
      assert.ok(probeRequests.every((r) => r.method === 'GET'));
      assert.match(collapsed(text), EXPECTED[style]);
      assert.match(text, /"primary_key": "id",\s+"write_disposition": "merge"/);
      if (style === 'single_page') {
        assert.match(text, /# The probe verified no paginator, so this loads ONE page: page_number/);
        assert.ok(
          summary.warnings.some((w) => /^items: no paginator verified \(.*repeated the first page/.test(w)),
          summary.warnings.join('\n'),
        );
      } else {
        assert.match(text, /# Paginator verified by the probe: /);
        assert.deepEqual(summary.warnings, []);
      }
      assert.deepEqual(await loadedIds(cwd, pipeline, script), allIds);
    });
  }

  it('an endpoint whose records have no id: no primary key, write_disposition replace, a second run leaves every row once', async () => {
    const cwd = tempProject('dlt-probe-');
    const { summary, script, text } = await generate(cwd, 'readings', [
      '--base-url',
      `${api.url}/offset/readings`,
    ]);
    assert.match(
      text,
      /"name": "readings",\s+"endpoint": \{\s+"path": "readings",\s+"data_selector": compile_path\("items"\),/,
    );
    assert.doesNotMatch(text, /"primary_key":/);
    assert.match(text, /"write_disposition": "replace",/);
    assert.match(
      joinedComments(text),
      /No field identifies its records \(no primary key\), and every run fetches them all: write_disposition replace, so each run replaces the table instead of appending every record again\./,
    );
    assert.ok(
      summary.warnings.some((w) =>
        /^readings: its records have no primary key candidate; write_disposition replace/.test(w),
      ),
      summary.warnings.join('\n'),
    );
    const expected = api.readings().map((reading) => [reading.sensor, reading.value]);
    for (const run of [1, 2]) {
      const loaded = await runPipelineScript(cwd, script);
      assert.equal(loaded.code, 0, `run ${run}: ${loaded.stderr}`);
      const rows = await queryRows(
        cwd,
        'readings',
        'SELECT sensor, measured_at, value FROM readings ORDER BY value',
      );
      assert.deepEqual(
        rows.map(([sensor, , value]) => [sensor, Number(value)]),
        expected,
        `after run ${run}`,
      );
    }
  });

  it('an API that does not answer is no error: the run goes on and says why', async () => {
    const cwd = tempProject('dlt-probe-');
    const down = await startSampleApi({ records: 1 });
    const url = down.url;
    await down.close();
    const { summary, text } = await generate(cwd, 'down', ['--base-url', url, '--resources', 'items']);
    assert.ok(
      summary.warnings.some((w) =>
        w.startsWith(`The API was not probed: GET ${url}/items got no answer (ECONNREFUSED)`),
      ),
      summary.warnings.join('\n'),
    );
    assert.doesNotMatch(text, /"paginator":|"data_selector":|"primary_key":/);
    assert.match(
      joinedComments(text),
      /No paginator was given and none verified \(the API was not probed: GET http:\S+ got no answer \(ECONNREFUSED\)\): dlt guesses one/,
    );
    assert.ok(!existsSync(join(cwd, 'tests')));
  });

  it('a 401 is no error either: the run says which URL refused, and never prints the secret', async () => {
    const cwd = tempProject('dlt-probe-');
    const run = await runGenerator(
      'rest',
      [
        '--yes',
        '--skip-install',
        '--pipeline-name',
        'denied',
        '--base-url',
        `${api.url}/auth/bearer/cursor`,
        '--resources',
        'items',
        '--auth',
        'bearer',
        '--token',
        'wrong-token-123',
      ],
      cwd,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout + run.stderr,
      new RegExp(
        `The API was not probed: GET ${api.url}/auth/bearer/cursor/items answered 401: it refused the credentials given\\. Correct them in \\.dlt/secrets\\.toml`,
      ),
    );
    assert.doesNotMatch(run.stdout + run.stderr, /wrong-token-123/);
  });

  it('probes with the credentials given this run; the offline smoke test passes with the API stopped', async () => {
    const cwd = tempProject('dlt-probe-');
    const own = await startSampleApi({ records: RECORDS, pageSize: PAGE_SIZE });
    const { token, apiKey } = own.credentials;
    const pipelines = [
      ['secured', `${own.url}/auth/bearer/has_more`, ['--auth', 'bearer', '--token', token]],
      [
        'keyed',
        `${own.url}/auth/api_key_query/json_link`,
        [
          '--auth',
          'api_key',
          '--api-key-location',
          'query',
          '--api-key-name',
          'api_key',
          '--api-key',
          apiKey,
        ],
      ],
      ['paged', `${own.url}/page_number`, ['--auth', 'none']],
      ['offsets', `${own.url}/offset`, ['--auth', 'none']],
    ] as const;
    try {
      for (const [name, url, extra] of pipelines) {
        const { summary } = await generate(cwd, name, ['--base-url', url, '--resources', 'items', ...extra]);
        assert.deepEqual(summary.warnings, []);
      }
    } finally {
      await own.close();
    }
    for (const [name] of pipelines) {
      const fixture = readFileSync(join(cwd, `tests/fixtures/${name}/items.json`), 'utf8');
      assert.ok(!fixture.includes(token) && !fixture.includes(apiKey), 'a credential is in a fixture');
      assert.equal(JSON.parse(fixture).rows, 2 * PAGE_SIZE);
    }
    assert.equal(await ruffProblems(cwd, ['tests', 'conftest.py']), '');
    const test = await runPython(['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], cwd, {
      DLT_DATA_DIR: join(cwd, '.dlt-data'),
    });
    assert.equal(test.code, 0, `${test.stdout}\n${test.stderr}`);
    assert.match(test.stdout, /4 passed/);
  });

  it('a resource added to the pipeline later is probed and recorded too: the smoke test replays both', async () => {
    const cwd = tempProject('dlt-probe-');
    const base = ['--base-url', `${api.url}/json_link`, '--force'];
    await generate(cwd, 'grown', [...base, '--resources', 'items']);
    const added = await generate(cwd, 'grown', [...base, '--resources', 'readings']);
    assert.ok(
      ['pytest', 'responses'].every((name) => added.summary.devRequirements?.includes(name)),
      String(added.summary.devRequirements),
    );
    // --json says what the probe found, as the terminal output does
    assert.deepEqual(added.summary.detected.length, 1);
    assert.match(added.summary.detected[0]!, /^readings: records at "data"; paginator json_link/);
    const readings = JSON.parse(readFileSync(join(cwd, 'tests/fixtures/grown/readings.json'), 'utf8'));
    assert.equal(readings.resource, 'readings');
    assert.equal(readings.rows, 2 * PAGE_SIZE);
    const test = await runPython(['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], cwd, {
      DLT_DATA_DIR: join(cwd, '.dlt-data'),
    });
    assert.equal(test.code, 0, `${test.stdout}\n${test.stderr}`);
    assert.match(test.stdout, /1 passed/);
  });

  it("a re-run adding a resource probes the base URL the pipeline's config.toml now holds, not the one stored before", async () => {
    const cwd = tempProject('dlt-probe-');
    const old = await startSampleApi({ records: RECORDS, pageSize: PAGE_SIZE });
    try {
      await generate(cwd, 'moved', ['--base-url', `${old.url}/json_link`, '--resources', 'items']);
    } finally {
      await old.close();
    }
    const config = join(cwd, '.dlt/config.toml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(`${old.url}/json_link`, `${api.url}/json_link`),
    );
    api.clearRequests();
    const added = await generate(cwd, 'moved', ['--resources', 'readings', '--force']);
    assert.doesNotMatch(added.summary.warnings.join('\n'), /not probed|no answer/);
    assert.ok(api.requests.some((request) => request.path === '/json_link/readings'));
    assert.ok(existsSync(join(cwd, 'tests/fixtures/moved/readings.json')));
    // the smoke test replays each resource from the base URL it was recorded from
    const test = await runPython(['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], cwd, {
      DLT_DATA_DIR: join(cwd, '.dlt-data'),
    });
    assert.equal(test.code, 0, `${test.stdout}\n${test.stderr}`);
    assert.match(test.stdout, /1 passed/);
  });

  it('an answers file with a misspelled key stops the run before anything is asked of the API', async () => {
    const cwd = tempProject('dlt-probe-');
    writeFileSync(
      join(cwd, 'answers.yaml'),
      `base-url: ${api.url}/json_link\nresources: items\npaginatr: json_link\n`,
    );
    api.clearRequests();
    const run = await runGenerator('rest', ['--yes', '--skip-install', '--answers', 'answers.yaml'], cwd);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--answers: "paginatr" \(did you mean paginator\?\) is not an option/);
    assert.deepEqual(api.requests, []);
  });

  it('yo dlt given an endpoint URL: base URL and resource split, probed; a base URL alone exits 2 naming --resources', async () => {
    const cwd = tempProject('dlt-probe-');
    const run = await runGenerator(
      'app',
      ['--source', `${api.url}/json_link/items`, '--pipeline-name', 'app_items', '--yes', '--skip-install'],
      cwd,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      readFileSync(join(cwd, '.dlt/config.toml'), 'utf8'),
      new RegExp(`base_url = "${api.url}/json_link"`),
    );
    const text = readFileSync(join(cwd, 'app_items_pipeline.py'), 'utf8');
    assert.match(
      collapsed(text),
      /"name": "items", "endpoint": \{ "path": "items", "data_selector": compile_path\("data"\),/,
    );
    assert.match(collapsed(text), EXPECTED.json_link);
    assert.deepEqual(await loadedIds(cwd, 'app_items', 'app_items_pipeline.py'), allIds);

    const bare = tempProject('dlt-probe-');
    const refused = await runGenerator('app', ['--source', `${api.url}/v1`, '--yes', '--skip-install'], bare);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /No resources to load: give --resources/);
  });

  it('--no-probe asks nothing of the API', async () => {
    const cwd = tempProject('dlt-probe-');
    api.clearRequests();
    const { summary, text } = await generate(cwd, 'unprobed', [
      '--base-url',
      `${api.url}/cursor`,
      '--resources',
      'items',
      '--no-probe',
    ]);
    assert.deepEqual(api.requests, []);
    assert.doesNotMatch(text, /"paginator":/);
    // never a silent single page: the script and the summary say the paging was not verified
    assert.match(
      joinedComments(text),
      /No paginator was given and none verified \(the API was not probed: --no-probe was given\): dlt guesses one from the first response and loads ONE page when it cannot tell\. If the endpoint has more pages, set "paginator" here \(or generate it with paginator=TYPE in --resources, or --paginator; or without --no-probe to let the probe verify one\)\.\n\s+\{"name": "items"/,
    );
    assert.ok(
      summary.warnings.some((w) =>
        /^items: pagination not verified \(the API was not probed: --no-probe was given\); .*paginator=TYPE in --resources, or --paginator\), or generate it without --no-probe/.test(
          w,
        ),
      ),
      summary.warnings.join('\n'),
    );
  });
});
