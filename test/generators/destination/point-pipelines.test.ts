import assert from 'node:assert/strict';
import { pointPipeline } from '../../../generators/destination/point-pipelines.js';
import { PARQUET_RUN_COMMENT, pipelineRunLines } from '../../../shared/dlt/pipeline-run.js';

/** A script as the generators write it for DuckDB: a parquet run with its comment. */
const script = [
  'import dlt',
  '',
  '',
  'def load() -> None:',
  '    pipeline = dlt.pipeline(',
  '        pipeline_name="shop",',
  '        destination="duckdb",',
  '        dataset_name="shop_data",',
  '    )',
  ...pipelineRunLines(1, 'source()', 'duckdb'),
  '    print(load_info)',
  '',
].join('\n');

describe('pointing a pipeline script at another destination', () => {
  it('keeps loader_file_format="parquet" when the new destination takes parquet as written', async () => {
    const edited = await pointPipeline(script, {
      reference: 'bigquery',
      staging: false,
      loaderFileFormat: 'parquet',
    });
    assert.match(edited, /destination="bigquery"/);
    assert.match(edited, /load_info = pipeline\.run\(source\(\), loader_file_format="parquet"\)/);
    assert.ok(edited.includes(`# ${PARQUET_RUN_COMMENT}`));
  });

  it('drops it, with its comment and nothing else, for one that does not (postgres, a custom sink)', async () => {
    for (const reference of ['postgres', 'crm_sink_destination.crm_sink']) {
      const edited = await pointPipeline(script, { reference, staging: false, loaderFileFormat: undefined });
      const expected = script
        .replace('destination="duckdb"', `destination="${reference}"`)
        .replace(`    # ${PARQUET_RUN_COMMENT}\n`, '')
        .replace('pipeline.run(source(), loader_file_format="parquet")', 'pipeline.run(source())');
      assert.equal(edited, expected);
    }
  });

  it('leaves a loader_file_format the user chose (not parquet) alone', async () => {
    const jsonl = script.replace('loader_file_format="parquet"', 'loader_file_format="jsonl"');
    const edited = await pointPipeline(jsonl, {
      reference: 'postgres',
      staging: false,
      loaderFileFormat: undefined,
    });
    assert.match(edited, /loader_file_format="jsonl"/);
    assert.ok(edited.includes(`# ${PARQUET_RUN_COMMENT}`));
  });
});
