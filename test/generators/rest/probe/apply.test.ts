import assert from 'node:assert/strict';
import { applyProbes } from '../../../../generators/rest/probe/apply.js';
import type { ResourceProbe } from '../../../../generators/rest/probe/probe-resource.js';
import type { RestApiConfig } from '../../../../generators/rest/vocabulary.js';

const credentials = { headers: {}, query: {}, secrets: ['s3cr3t-token'], secretParams: [] };
const probed = (overrides: Partial<ResourceProbe> = {}): ResourceProbe => ({
  resource: 'items',
  url: 'http://api.test/items',
  dataSelector: 'data',
  paginator: {
    config: { type: 'json_link', next_url_path: 'next' },
    label: 'json_link (next page URL at "next")',
  },
  tried: [],
  primaryKeys: ['id'],
  dateTimeFields: ['updated_at'],
  fields: ['id', 'updated_at'],
  pages: [],
  replayable: true,
  ...overrides,
});
const config = (resource: RestApiConfig['resources'][number] = 'items'): RestApiConfig => ({
  client: { base_url: 'http://api.test' },
  resources: [resource],
});

describe('probe: what it found, in the config', () => {
  it('writes the verified paginator, the data selector and the key field explicitly', () => {
    const applied = applyProbes(config(), { probes: [probed()], credentials });
    assert.deepEqual(applied.config.resources, [
      {
        name: 'items',
        endpoint: {
          path: 'items',
          data_selector: 'data',
          paginator: { type: 'json_link', next_url_path: 'next' },
        },
        primary_key: 'id',
      },
    ]);
    assert.deepEqual(applied.warnings, []);
    assert.match(
      applied.comments.get('items')!.join(' '),
      /Paginator verified by the probe: json_link .*page 2 brought new records/,
    );
    assert.match(
      applied.comments.get('items')!.join(' '),
      /Date-time fields for incremental loading: updated_at/,
    );
    assert.match(applied.notes[0]!, /^items: records at "data"; paginator json_link .*; primary key id/);
  });

  it('loads one page, explicitly, when no paginator was verified, and says what was tried', () => {
    const applied = applyProbes(config(), {
      probes: [
        probed({ paginator: undefined, tried: ['page_number (page=2): page 2 repeated the first page'] }),
      ],
      credentials,
    });
    const [resource] = applied.config.resources as { endpoint: { paginator: unknown } }[];
    assert.equal(resource?.endpoint.paginator, 'single_page');
    assert.match(
      applied.comments.get('items')!.join(' '),
      /verified no paginator, so this loads ONE page: page_number \(page=2\): page 2 repeated/,
    );
    assert.match(
      applied.warnings[0]!,
      /^items: no paginator verified \(page_number .*\); the script loads one page/,
    );
  });

  it('keeps what was given: paginator, data selector, primary key', () => {
    const given = { name: 'items', endpoint: { path: 'items', data_selector: 'rows' }, primary_key: 'uuid' };
    const applied = applyProbes(
      { client: { base_url: 'http://api.test', paginator: 'header_link' }, resources: [given] },
      { probes: [probed({ fields: ['uuid', 'id'] })], credentials },
    );
    assert.deepEqual(applied.config.resources, [given]);
  });

  it('sets no primary key when no field identifies the records, and warns when a given key is not a field', () => {
    const none = applyProbes(config(), {
      probes: [probed({ primaryKeys: [], fields: ['sensor'] })],
      credentials,
    });
    assert.equal((none.config.resources[0] as { primary_key?: unknown }).primary_key, undefined);
    const wrong = applyProbes(config({ name: 'items', endpoint: 'items', primary_key: 'id' }), {
      probes: [probed({ primaryKeys: [], fields: ['sensor', 'value'] })],
      credentials,
    });
    assert.match(
      wrong.warnings[0]!,
      /items: primary_key id is not a field of its records \(they have sensor, value\)/,
    );
  });

  it('says why the API was not probed, and a resource that failed, without a secret', () => {
    const applied = applyProbes(config(), {
      probes: [probed({ failure: 'GET http://api.test/items?token=s3cr3t-token answered 404' })],
      credentials,
      notProbed: undefined,
    });
    assert.deepEqual(applied.warnings, [
      'items was not probed: GET http://api.test/items?token=REDACTED answered 404.',
    ]);
    const refused = applyProbes(config(), {
      probes: [],
      credentials,
      notProbed: 'GET http://api.test/items answered 401',
    });
    assert.match(
      refused.warnings[0]!,
      /^The API was not probed: GET http:\/\/api.test\/items answered 401\./,
    );
    assert.deepEqual(refused.config, config());
  });
});
