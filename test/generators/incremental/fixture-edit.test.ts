import assert from 'node:assert/strict';
import { fixturePaths, ignoreParamsInFixture } from '../../../generators/incremental/fixture-edit.js';
import { planIncremental } from '../../../generators/incremental/plan.js';
import type { IncrementalSettings } from '../../../generators/incremental/settings.js';
import { type ScannedFile, scanPythonSource } from '../../../shared/python/pipeline-scan.js';

/** dlt:incremental adds the query parameters it gives a probed REST resource to its fixture's ignored ones. */

const fixture = {
  resource: 'items',
  rows: 2,
  ignored_params: ['api_key'],
  exchanges: [{ url: 'http://127.0.0.1:1/items', params: { page: '1' }, status: 200, headers: {}, body: [] }],
};
const text = `${JSON.stringify(fixture, null, 2)}\n`;

const settings: IncrementalSettings = {
  cursorPath: 'updated_at',
  initialValue: { kind: 'datetime', value: '2024-01-01T00:00:00Z' },
  endValue: { kind: 'datetime', value: '2030-01-01T00:00:00Z' },
  onCursorValueMissing: 'raise',
  writeDisposition: 'merge',
  primaryKey: ['id'],
  mergeStrategy: 'delete-insert',
  param: 'updated_since',
  endParam: 'updated_before',
  initialValueInConfig: false,
};

const script = `import dlt
from dlt.sources.rest_api import rest_api_source

source = rest_api_source(
    {
        "client": {"base_url": "http://127.0.0.1:1"},
        "resources": [{"name": "items", "endpoint": {"path": "items"}}],
    }
)
pipeline = dlt.pipeline(pipeline_name="paged", destination="duckdb")
`;

describe('dlt:incremental: the probe fixture of a REST resource', () => {
  it('lists the new parameters among those the replay ignores, sorted, and changes nothing else', () => {
    const edited = ignoreParamsInFixture(text, ['updated_since', 'api_key']);
    assert.equal(
      edited,
      `${JSON.stringify({ ...fixture, ignored_params: ['api_key', 'updated_since'] }, null, 2)}\n`,
    );
    assert.equal(ignoreParamsInFixture(edited!, ['updated_since']), undefined);
  });

  it('leaves a file that is not such a fixture alone', () => {
    for (const other of ['not json', '[]', '{"resource": "items"}', '{"ignored_params": [1]}']) {
      assert.equal(ignoreParamsInFixture(other, ['since']), undefined, other);
    }
  });

  it('is where dlt:rest writes it, for each pipeline of the script', () => {
    assert.deepEqual(fixturePaths(['a', 'b'], 'items'), [
      'tests/fixtures/a/items.json',
      'tests/fixtures/b/items.json',
    ]);
  });

  it('is planned beside the script with the start and end parameters, and said; without a fixture only the script', async () => {
    const scanned = (await scanPythonSource(script, 'paged_pipeline.py')) as ScannedFile;
    const path = 'tests/fixtures/paged/items.json';
    const plan = await planIncremental(scanned, scanned.resources[0]!, settings, {
      fixtures: [{ path, text }],
    });
    assert.deepEqual(
      plan.files.map((file) => file.path),
      [path, 'paged_pipeline.py'],
    );
    const planned = plan.files[0]!;
    assert.deepEqual(JSON.parse(String(planned.contents)).ignored_params, [
      'api_key',
      'updated_before',
      'updated_since',
    ]);
    assert.ok(
      plan.said.includes(
        `${path}: the offline smoke test ignores updated_since and updated_before (the probe recorded its pages without them).`,
      ),
      plan.said.join('\n'),
    );

    const bare = await planIncremental(scanned, scanned.resources[0]!, settings);
    assert.deepEqual(
      bare.files.map((file) => file.path),
      ['paged_pipeline.py'],
    );
  });
});
