import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempProject as makeTempProject, runGenerator } from '../../support/cli.js';
import { runPipelineScript } from '../../support/python.js';
import { type SampleApi, startSampleApi } from '../../support/sample-api.js';

/**
 * A generated pipeline loads parquet into DuckDB; pointed by dlt:destination at a destination that
 * does not take parquet as written (here a custom sink, which would get Arrow tables instead of
 * rows), it still delivers every row, as rows.
 */
describe('dlt:destination --point-pipelines end to end @e2e', () => {
  let api: SampleApi;
  before(async () => {
    api = await startSampleApi();
  });
  after(async () => api.close());

  it('a parquet pipeline pointed at a custom sink delivers every item as a row', async () => {
    const cwd = makeTempProject();
    const rest = await runGenerator(
      'rest',
      [
        ...['--pipeline-name', 'shop', '--base-url', api.url, '--auth', 'none'],
        ...[
          '--paginator',
          'json_link',
          '--next-url-path',
          'next',
          '--resources',
          'items path=json_link/items',
        ],
        ...['--yes', '--skip-install', '--package-manager', 'pip'],
      ],
      cwd,
    );
    assert.equal(rest.code, 0, rest.stderr);
    assert.match(readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8'), /loader_file_format="parquet"/);

    const pointed = await runGenerator(
      'destination',
      [
        ...['--destination', 'destination', '--destination-name', 'crm_sink', '--point-pipelines', 'shop'],
        ...['--yes', '--skip-install'],
      ],
      cwd,
    );
    assert.equal(pointed.code, 0, pointed.stderr);
    const script = readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8');
    // the custom destination is named in the config, by reference; the sink takes no parquet
    assert.match(
      readFileSync(join(cwd, '.dlt/config.toml'), 'utf8'),
      /\[pipelines\.shop\]\ndestination_type = "crm_sink_destination\.crm_sink"\n/,
    );
    assert.doesNotMatch(script, /destination=|loader_file_format|parquet/);

    // the user fills in the sink: every row of every batch, as JSON lines
    const sinkPath = join(cwd, 'crm_sink_destination.py');
    const sink = readFileSync(sinkPath, 'utf8');
    const body = /^ {4}print\(f"\{table\['name'\]\}: .*$/m;
    assert.match(sink, body);
    writeFileSync(
      sinkPath,
      `import json\n${sink.replace(
        body,
        '    with open("delivered.jsonl", "a") as out:\n        for row in items:\n            out.write(json.dumps({"table": table["name"], "id": row["id"]}) + "\\n")',
      )}`,
    );
    const run = await runPipelineScript(cwd, 'shop_pipeline.py', {
      DESTINATION__CRM_SINK__API_URL: 'http://127.0.0.1:9',
      DESTINATION__CRM_SINK__API_KEY: 'unused',
    });
    assert.equal(run.code, 0, run.stderr);
    const delivered = readFileSync(join(cwd, 'delivered.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { table: string; id: number })
      .filter((row) => row.table === 'items')
      .map((row) => row.id)
      .sort((a, b) => a - b);
    assert.deepEqual(
      delivered,
      api.items().map((item) => item.id),
    );
  });
});
