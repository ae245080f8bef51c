import assert from 'node:assert/strict';
import { planRest } from '../../../../generators/rest/plan.js';
import { probeSkipped } from '../../../../generators/rest/probe/probe-api.js';
import type { ResourceProbe } from '../../../../generators/rest/probe/probe-resource.js';
import type { RestApiConfig } from '../../../../generators/rest/vocabulary.js';

const config: RestApiConfig = { client: { base_url: 'http://api.test/v1' }, resources: ['customers'] };
const plan = (probe: Parameters<typeof planRest>[0]['probe']) =>
  planRest({
    pipelineName: 'crm',
    datasetName: 'crm_data',
    destination: 'duckdb',
    config,
    fromSpec: false,
    probe,
  });

describe('probe: what the script and the summary say about pagination and keys', () => {
  it('--no-probe: the resource without a paginator gets a comment and a warning naming the fix, never a silent single page', () => {
    const result = plan(probeSkipped(config, '--no-probe was given'));
    const text = result.contents!.replace(/\n\s*# /g, ' ');
    assert.match(
      text,
      / No paginator was given and none verified \(the API was not probed: --no-probe was given\): dlt guesses one from the first response and loads ONE page when it cannot tell\. If the endpoint has more pages, set "paginator" here \(or generate it with paginator=TYPE in --resources, or --paginator; or without --no-probe to let the probe verify one\)\.\n\s+"customers",/,
    );
    assert.ok(
      result.warnings.some((w) =>
        /^customers: pagination not verified \(the API was not probed: --no-probe was given\)/.test(w),
      ),
      result.warnings.join('\n'),
    );
    // the user chose --no-probe: no general line saying so, only what it leaves unverified
    assert.ok(
      !result.warnings.some((w) => w.startsWith('The API was not probed')),
      result.warnings.join('\n'),
    );
    assert.deepEqual(
      result.files.map((file) => file.path),
      ['crm_pipeline.py'],
    );
  });

  it('a probed resource whose records have no key: write_disposition replace, said in the script and the summary', () => {
    const probed: ResourceProbe = {
      resource: 'customers',
      url: 'http://api.test/v1/customers',
      dataSelector: 'items',
      paginator: { config: { type: 'json_link', next_url_path: 'next' }, label: 'json_link' },
      tried: [],
      primaryKeys: [],
      dateTimeFields: [],
      fields: ['name'],
      pages: [],
      replayable: true,
    };
    const result = plan({
      probes: [probed],
      resources: ['customers'],
      credentials: { headers: {}, query: {}, secrets: [], secretParams: [] },
    });
    const text = result.contents!.replace(/\n\s*# /g, ' ');
    assert.match(
      text,
      / No field identifies its records .*write_disposition replace, so each run replaces the table instead of appending every record again/,
    );
    assert.match(result.contents!, /"write_disposition": "replace",/);
    assert.doesNotMatch(result.contents!, /"primary_key"/);
    assert.ok(result.warnings.some((w) => /^customers: its records have no primary key candidate/.test(w)));
  });
});
