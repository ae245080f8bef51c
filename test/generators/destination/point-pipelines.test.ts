import assert from 'node:assert/strict';
import { pointPipeline, readPipelineScript } from '../../../generators/destination/point-pipelines.js';
import {
  configuredDestination,
  pipelineDestinationEntries,
} from '../../../shared/dlt/pipeline-destination.js';
import { PARQUET_RUN_COMMENT, pipelineRunLines } from '../../../shared/dlt/pipeline-run.js';

/** A script as the generators write it for DuckDB: no destination in code, a parquet run with its comment. */
const script = [
  'import dlt',
  '',
  '',
  'def load() -> None:',
  '    pipeline = dlt.pipeline(',
  '        pipeline_name="shop",',
  '        dataset_name="shop_data",',
  '    )',
  ...pipelineRunLines(1, 'source()', 'duckdb'),
  '    print(load_info)',
  '',
].join('\n');

/** The same script as earlier versions wrote it: the destination named in code. */
const namedInCode = script.replace(
  'pipeline_name="shop",\n',
  'pipeline_name="shop",\n        destination="duckdb",\n',
);

describe('pointing a pipeline script at another destination', () => {
  it('leaves a script that takes parquet as it is, byte for byte (the config names the destination)', async () => {
    assert.equal(await pointPipeline(script, { loaderFileFormat: 'parquet' }), script);
  });

  it('takes a destination named in code out of the call, and only that', async () => {
    assert.equal(await pointPipeline(namedInCode, { loaderFileFormat: 'parquet' }), script);
    assert.deepEqual(await readPipelineScript('shop_pipeline.py', namedInCode), {
      path: 'shop_pipeline.py',
      pipelineName: 'shop',
      inCode: 'duckdb',
    });
    assert.deepEqual(await readPipelineScript('shop_pipeline.py', script), {
      path: 'shop_pipeline.py',
      pipelineName: 'shop',
    });
  });

  it('drops parquet, with its comment and nothing else, for a destination that does not take it (postgres, a custom sink)', async () => {
    const expected = script
      .replace(`    # ${PARQUET_RUN_COMMENT}\n`, '')
      .replace('pipeline.run(source(), loader_file_format="parquet")', 'pipeline.run(source())');
    assert.equal(await pointPipeline(namedInCode, { loaderFileFormat: undefined }), expected);
    // and never adds it back: a later destination that takes parquet leaves the script as it is
    assert.equal(await pointPipeline(expected, { loaderFileFormat: 'parquet' }), expected);
  });

  it('leaves a loader_file_format the user chose (not parquet) alone', async () => {
    const jsonl = script.replace('loader_file_format="parquet"', 'loader_file_format="jsonl"');
    const edited = await pointPipeline(jsonl, { loaderFileFormat: undefined });
    assert.match(edited, /loader_file_format="jsonl"/);
    assert.ok(edited.includes(`# ${PARQUET_RUN_COMMENT}`));
  });

  it('does not take a script whose destination= is not a literal', async () => {
    const computed = namedInCode.replace('destination="duckdb"', 'destination=pick()');
    assert.equal(await readPipelineScript('shop_pipeline.py', computed), undefined);
  });
});

describe("a pipeline's destination in the config", () => {
  const files: Record<string, string> = {
    '.dlt/config.toml': '[pipelines.shop]\ndestination_type = "duckdb"\n',
    '.dlt/prod.config.toml': '[pipelines.shop]\ndestination_type = "postgres"\n',
  };
  const read = (path: string) => files[path];

  it("is the profile's when it has one, else the plain config's", () => {
    assert.equal(configuredDestination(read, 'shop'), 'duckdb');
    assert.equal(configuredDestination(read, 'shop', 'prod'), 'postgres');
    assert.equal(configuredDestination(read, 'shop', 'staging'), 'duckdb');
    assert.equal(configuredDestination(read, 'orders', 'prod'), undefined);
    assert.equal(
      configuredDestination(() => 'not [toml', 'shop'),
      undefined,
    );
  });

  it('is written as [pipelines.<name>] destination_type, with staging_type for filesystem staging', () => {
    assert.deepEqual(pipelineDestinationEntries('shop', 'athena', true, { replace: true }), [
      {
        table: ['pipelines', 'shop'],
        key: 'destination_type',
        value: 'athena',
        secret: false,
        replace: true,
      },
      {
        table: ['pipelines', 'shop'],
        key: 'staging_type',
        value: 'filesystem',
        secret: false,
        replace: true,
      },
    ]);
  });
});
