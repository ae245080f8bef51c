import assert from 'node:assert/strict';
import { planRest } from '../../../../generators/rest/plan.js';
import type { ProbePage } from '../../../../generators/rest/probe/paginators.js';
import type { ResourceProbe } from '../../../../generators/rest/probe/probe-resource.js';

const page = (url: string, body: unknown): ProbePage => ({ url, status: 200, headers: {}, body });
const probed = (resource: string, replayable: boolean): ResourceProbe => ({
  resource,
  url: `http://api.test/${resource}`,
  dataSelector: '$',
  tried: ['page_number (page=2): page 2 repeated the first page'],
  primaryKeys: ['id'],
  dateTimeFields: [],
  fields: ['id'],
  pages: [page(`http://api.test/${resource}`, [{ id: 1 }, { id: 2 }])],
  replayable,
});

describe('probe: the offline smoke test in the plan', () => {
  const plan = (probes: ResourceProbe[]) =>
    planRest({
      pipelineName: 'shop',
      datasetName: 'shop_data',
      destination: 'duckdb',
      config: {
        client: { base_url: 'http://api.test' },
        resources: [
          'orders',
          {
            name: 'events',
            endpoint: {
              path: 'events',
              params: { since: '{incremental.start_value}' },
              incremental: { cursor_path: 'updated_at', initial_value: '2024-01-01' },
            },
          },
        ],
      },
      fromSpec: false,
      probe: {
        probes,
        resources: probes.map((p) => p.resource),
        credentials: { headers: {}, query: {}, secrets: [], secretParams: [] },
      },
    });

  it('records a fixture for each replayable resource, with a smoke test, conftest.py and its dev requirements', () => {
    const result = plan([probed('orders', true), probed('events', false)]);
    assert.deepEqual(
      result.files.map((file) => file.path),
      ['shop_pipeline.py', 'tests/fixtures/shop/orders.json', 'tests/test_shop_pipeline.py', 'conftest.py'],
    );
    const fixture = JSON.parse(result.files[1]!.contents) as { rows: number; exchanges: unknown[] };
    assert.deepEqual([fixture.rows, fixture.exchanges.length], [2, 1]);
    assert.match(result.files[2]!.contents, /BASE_URL = "http:\/\/api\.test"/);
    assert.deepEqual(result.devRequirements, ['pytest', 'responses']);
  });

  it('writes no smoke test when nothing can be replayed', () => {
    const result = plan([probed('events', false)]);
    assert.deepEqual(
      result.files.map((file) => file.path),
      ['shop_pipeline.py'],
    );
    assert.deepEqual(result.devRequirements, []);
  });
});
