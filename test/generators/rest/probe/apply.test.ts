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
    const applied = applyProbes(config(), { probes: [probed()], resources: ['items'], credentials });
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
      resources: ['items'],
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
      { probes: [probed({ fields: ['uuid', 'id'] })], resources: ['items'], credentials },
    );
    assert.deepEqual(applied.config.resources, [given]);
  });

  it('sets no primary key when no field identifies the records, and warns when a given key is not a field', () => {
    const none = applyProbes(config(), {
      probes: [probed({ primaryKeys: [], fields: ['sensor'] })],
      resources: ['items'],
      credentials,
    });
    assert.equal((none.config.resources[0] as { primary_key?: unknown }).primary_key, undefined);
    assert.equal((none.config.resources[0] as { write_disposition?: unknown }).write_disposition, 'replace');
    const wrong = applyProbes(config({ name: 'items', endpoint: 'items', primary_key: 'id' }), {
      probes: [probed({ primaryKeys: [], fields: ['sensor', 'value'] })],
      resources: ['items'],
      credentials,
    });
    assert.match(
      wrong.warnings[0]!,
      /items: primary_key id is not a field of its records \(they have sensor, value\)/,
    );
  });

  it('says why the API was not probed, and a resource that failed, without a secret', () => {
    const applied = applyProbes(config(), {
      probes: [probed({ failure: 'GET http://api.test/items?token=s3cr3t-token answered 404', status: 404 })],
      resources: ['items'],
      credentials,
      notProbed: undefined,
    });
    // a 404 is no endpoint at that path: the advice is the path, not "without --no-probe"
    assert.deepEqual(applied.warnings, [
      'items: pagination not verified (GET http://api.test/items?token=REDACTED answered 404); dlt may load only its first page: give its paginator (paginator=TYPE in --resources, or --paginator), and check its path (path=P in --resources) and the base URL: the API has no such endpoint.',
    ]);
    const failing = applyProbes(config(), {
      probes: [probed({ failure: 'GET http://api.test/items answered 500', status: 500 })],
      resources: ['items'],
      credentials,
    });
    assert.match(failing.warnings[0]!, /or generate it again once the endpoint answers\.$/);
    const skipped = applyProbes(config(), {
      probes: [],
      resources: ['items'],
      credentials,
      notProbed: '--no-probe was given',
      skipped: true,
    });
    assert.match(skipped.warnings[0]!, /or generate it without --no-probe with the API reachable\.$/);
    // not probed for want of the credentials (a re-run that adds a resource without the token)
    const unprobed = applyProbes(config(), {
      probes: [],
      resources: ['items'],
      credentials,
      notProbed: 'no token was given this run (the probe uses only credentials given now)',
    });
    assert.match(
      unprobed.warnings.at(-1)!,
      /or generate it again with the API reachable and its credentials given\.$/,
    );
    assert.doesNotMatch(unprobed.warnings.join('\n'), /--no-probe/);
    const refused = applyProbes(config(), {
      probes: [],
      resources: ['items'],
      credentials,
      notProbed: 'GET http://api.test/items answered 401',
    });
    assert.match(
      refused.warnings[0]!,
      /^The API was not probed: GET http:\/\/api.test\/items answered 401\./,
    );
    assert.deepEqual(refused.config, config());
  });

  it('after a 401 or 403 says how to give credentials and how to probe again', () => {
    const denied = (secrets: string[]) =>
      applyProbes(config(), {
        probes: [],
        resources: ['items'],
        credentials: { ...credentials, secrets },
        notProbed: 'GET http://api.test/items answered 403',
        denied: true,
      }).warnings[0]!;
    const reprobe =
      /to probe, remove the generated script and generate it again with the credentials given \(a re-run keeps an existing script as it is and probes only new resources\)\. Paginators/;
    const without = denied([]);
    assert.match(
      without,
      /^The API was not probed: GET http:\/\/api.test\/items answered 403: it wants credentials\. Give them with --auth and its option \(--auth bearer --token \.\.\., --auth api_key --api-key \.\.\., --auth http_basic --username \.\.\. --password \.\.\.\), or set the auth in the script's client and its credentials in \.dlt\/secrets\.toml; /,
    );
    assert.match(without, reprobe);
    const wrong = denied(['s3cr3t-token']);
    assert.match(
      wrong,
      /answered 403: it refused the credentials given\. Correct them in \.dlt\/secrets\.toml, where the pipeline reads them; /,
    );
    assert.match(wrong, reprobe);
    assert.doesNotMatch(wrong, /s3cr3t/);
  });

  it('replaces the table on each run when no field identifies the records and nothing is incremental', () => {
    const applied = applyProbes(config(), {
      probes: [probed({ primaryKeys: [], fields: ['sensor', 'value'] })],
      resources: ['items'],
      credentials,
    });
    const [resource] = applied.config.resources as { primary_key?: unknown; write_disposition?: unknown }[];
    assert.equal(resource?.primary_key, undefined);
    assert.equal(resource?.write_disposition, 'replace');
    assert.match(
      applied.comments.get('items')!.join(' '),
      /no primary key\).*write_disposition replace, so each run replaces the table instead of appending every record again\. Set primary_key/,
    );
    assert.match(
      applied.warnings.join('\n'),
      /^items: its records have no primary key candidate; write_disposition replace.*primary_key=<field>.*write_disposition=append/m,
    );
  });

  it('keeps append for a keyless resource that is incremental or whose write disposition is given', () => {
    const keyless = {
      probes: [probed({ primaryKeys: [], fields: ['sensor'] })],
      resources: ['items'],
      credentials,
    };
    const incremental = {
      name: 'items',
      endpoint: { path: 'items', incremental: { cursor_path: 'updated_at', initial_value: '2024-01-01' } },
    };
    const given = { name: 'items', endpoint: 'items', write_disposition: 'append' };
    for (const resource of [incremental, given]) {
      const applied = applyProbes(config(resource), keyless);
      const [out] = applied.config.resources as { write_disposition?: unknown }[];
      assert.equal(out?.write_disposition, resource === given ? 'append' : undefined);
      assert.doesNotMatch(applied.warnings.join('\n'), /no primary key/);
    }
    const defaults = applyProbes(
      { ...config(), resource_defaults: { write_disposition: 'append' } },
      keyless,
    );
    assert.equal(
      (defaults.config.resources[0] as { write_disposition?: unknown }).write_disposition,
      undefined,
    );
  });

  it('never a silent single page: a resource the probe skipped or did not reach, with no paginator, gets a warning and a comment naming the fix', () => {
    const skipped = applyProbes(config(), {
      probes: [],
      resources: ['items'],
      credentials,
      notProbed: '--no-probe was given',
      skipped: true,
    });
    assert.match(
      skipped.comments.get('items')!.join(' '),
      /^No paginator was given and none verified \(the API was not probed: --no-probe was given\): .*ONE page.*set "paginator" here .*paginator=TYPE in --resources, or --paginator; or without --no-probe/,
    );
    assert.ok(
      skipped.warnings.some((w) =>
        /^items: pagination not verified \(the API was not probed: --no-probe was given\); dlt may load only its first page: give its paginator \(paginator=TYPE in --resources, or --paginator\), or generate it without --no-probe/.test(
          w,
        ),
      ),
      skipped.warnings.join('\n'),
    );
    assert.deepEqual(skipped.config, config());

    const failed = applyProbes(config(), {
      probes: [probed({ failure: 'GET http://api.test/items answered 404' })],
      resources: ['items'],
      credentials,
    });
    assert.match(
      failed.comments.get('items')!.join(' '),
      /none verified \(GET http:\/\/api.test\/items answered 404\)/,
    );
    assert.match(failed.warnings.join('\n'), /^items: pagination not verified \(GET .* answered 404\)/m);
  });

  it('says nothing about pagination for a resource with a paginator given, or one the probe was not for', () => {
    const paged = applyProbes(
      { client: { base_url: 'http://api.test', paginator: 'header_link' }, resources: ['items'] },
      { probes: [], resources: ['items'], credentials, notProbed: '--no-probe was given' },
    );
    assert.doesNotMatch(paged.warnings.join('\n'), /pagination not verified/);
    assert.equal(paged.comments.get('items'), undefined);
    const kept = applyProbes(config(), {
      probes: [],
      resources: [],
      credentials,
      notProbed: '--no-probe was given',
    });
    assert.doesNotMatch(kept.warnings.join('\n'), /pagination not verified/);
  });

  describe('a config read from an OpenAPI spec, checked against the first page', () => {
    const page = {
      url: 'http://api.test/items',
      status: 200,
      headers: {},
      body: { data: [{ id: 1 }, { id: 2 }] },
    };
    const fromSpec = (resource: RestApiConfig['resources'][number]) =>
      applyProbes(config(resource), {
        probes: [probed({ paginator: undefined, pages: [page], fields: ['id'] })],
        resources: ['items'],
        credentials,
        fromSpec: true,
      });
    const specResource = {
      name: 'items',
      endpoint: {
        path: 'items',
        data_selector: 'results',
        paginator: { type: 'json_link', next_url_path: 'next' },
      },
      primary_key: 'code',
    };

    it('reads the records where the API has them, and merges on a key the records have', () => {
      const applied = fromSpec(specResource);
      const [resource] = applied.config.resources as {
        endpoint: { data_selector: string; paginator: unknown };
        primary_key?: string;
      }[];
      assert.equal(resource!.endpoint.data_selector, 'data');
      assert.deepEqual(
        resource!.endpoint.paginator,
        { type: 'json_link', next_url_path: 'next' },
        'the spec paginator stays',
      );
      assert.equal(resource!.primary_key, 'id');
      assert.match(
        applied.warnings[0]!,
        /^items: the spec puts its records at "results", but the API answered them at "data"/,
      );
      assert.match(
        applied.warnings[1]!,
        /^items: the spec's primary key code is not a field of its records \(they have id\); the script merges on id instead/,
      );
      assert.match(
        applied.comments.get('items')!.join(' '),
        /The spec puts the records at "results", where the API's answer has none/,
      );
    });

    it('keeps what the spec says where the answer agrees, and what the user gave (with a warning)', () => {
      const agreeing = fromSpec({
        ...specResource,
        endpoint: { ...specResource.endpoint, data_selector: '$.data' },
        primary_key: 'id',
      });
      assert.deepEqual(agreeing.warnings, []);
      assert.equal(
        (agreeing.config.resources[0] as { endpoint: { data_selector: string } }).endpoint.data_selector,
        '$.data',
      );
      const given = applyProbes(config(specResource), {
        probes: [probed({ paginator: undefined, pages: [page], fields: ['id'] })],
        resources: ['items'],
        credentials,
      });
      assert.equal(
        (given.config.resources[0] as { endpoint: { data_selector: string } }).endpoint.data_selector,
        'results',
      );
      assert.match(
        given.warnings.join('\n'),
        /items: data_selector results finds no records in the API's answer, which holds them at "data": give data_selector=data/,
      );
      assert.match(given.warnings.join('\n'), /items: primary_key code is not a field of its records/);
    });

    it('pages what the spec showed as one page, when page 2 brought new records; merges where it found a key', () => {
      const applied = applyProbes(
        config({
          name: 'items',
          endpoint: { path: 'items', data_selector: 'data', paginator: { type: 'single_page' } },
          write_disposition: 'replace',
        }),
        {
          probes: [probed({ pages: [page], fields: ['id'] })],
          resources: ['items'],
          credentials,
          fromSpec: true,
        },
      );
      const [resource] = applied.config.resources as {
        endpoint: { paginator: unknown };
        primary_key?: string;
        write_disposition?: string;
      }[];
      assert.deepEqual(resource!.endpoint.paginator, { type: 'json_link', next_url_path: 'next' });
      assert.equal(resource!.primary_key, 'id');
      assert.equal(resource!.write_disposition, undefined, 'merge, as a key means (not replace)');
      assert.match(
        applied.warnings[0]!,
        /^items: the spec shows no paging, but page 2 of the API brought new records: paginator json_link/,
      );
    });

    it('leaves out what the API does not have (404), with the children that read it; says the unchecked rest may be wrong', () => {
      const applied = applyProbes(
        {
          client: { base_url: 'http://api.test' },
          resources: [
            {
              name: 'items',
              endpoint: { path: 'items', data_selector: 'results', paginator: 'single_page' },
            },
            {
              name: 'widgets',
              endpoint: { path: 'widgets', data_selector: 'data', paginator: 'single_page' },
            },
            { name: 'parts', endpoint: { path: 'widgets/{resources.widgets.id}/parts' } },
          ],
        },
        {
          probes: [
            probed({ paginator: undefined, pages: [page], fields: ['id'] }),
            probed({ resource: 'widgets', failure: 'GET http://api.test/widgets answered 404', status: 404 }),
          ],
          resources: ['items', 'widgets'],
          beyondLimit: ['gadgets'],
          credentials,
          fromSpec: true,
        },
      );
      assert.deepEqual(
        applied.config.resources.map((r) => (typeof r === 'string' ? r : r.name)),
        ['items'],
      );
      const warnings = applied.warnings.join('\n');
      assert.match(
        warnings,
        /widgets is left out of the script: GET http:\/\/api.test\/widgets answered 404, so the API has no such endpoint/,
      );
      assert.match(warnings, /parts is left out too: it reads the records of widgets/);
      assert.match(
        warnings,
        /gadgets are written as the spec says, unchecked\. The spec was wrong about 1 of those 2, so these may be wrong too/,
      );
    });

    it("names a child that reads a field its probed parent's records lack", () => {
      const applied = applyProbes(
        {
          client: { base_url: 'http://api.test' },
          resources: [
            'items',
            {
              name: 'item_details',
              endpoint: { path: 'items/{resources.items.code}' },
              include_from_parent: ['code'],
            },
          ],
        },
        { probes: [probed({ fields: ['id', 'name'] })], resources: ['items'], credentials },
      );
      assert.deepEqual(applied.warnings, [
        'item_details: reads code from the records of items, which have no such field (they have id, name); dlt stops there at run time: give the field that fills it.',
      ]);
    });
  });
});
