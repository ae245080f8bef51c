import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { runGenerator, tempProject } from '../../support/cli.js';
import { pythonEnv, runPipelineScript, runPython, useDltFloor } from '../../support/python.js';
import { type SampleApi, startSampleApi } from '../../support/sample-api.js';

/**
 * The active performance settings change how dlt works (extracted files of 5,000 rows shared by 2
 * normalize processes; the script's cycle collector threshold), never what it loads: a generated
 * pipeline run with them, on the newest dlt and on the lowest the requirements allow, loads every
 * item with every column and type, and every tag into the child table, exactly as the API serves
 * them.
 */

const RECORDS = 12_000;

/** What dlt loaded, read back in one Python run: column types, every row, and the normalize split. */
const LOADED = `
import json, sys, dlt
pipeline = dlt.attach(pipeline_name=sys.argv[1])
schema = pipeline.default_schema
types = {
    table: {name: column.get("data_type") for name, column in schema.get_table_columns(table).items()}
    for table in ("items", "items__tags")
}
with pipeline.sql_client() as client:
    items = client.make_qualified_table_name("items")
    tags = client.make_qualified_table_name("items__tags")
    rows = client.execute_sql(
        f"SELECT id, number, name, status, strftime(updated_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ'),"
        f" owner__login, owner__id FROM {items} ORDER BY id"
    )
    tag_rows = client.execute_sql(
        f"SELECT i.id, t._dlt_list_idx, t.value FROM {tags} t JOIN {items} i ON t._dlt_parent_id = i._dlt_id"
        " ORDER BY i.id, t._dlt_list_idx"
    )
load_id = pipeline.list_completed_load_packages()[-1]
jobs = pipeline.get_load_package_info(load_id).jobs["completed_jobs"]
item_files = sum(
    1 for job in jobs
    if job.job_file_info.table_name == "items" and job.job_file_info.file_format == "parquet"
)
print(json.dumps({
    "types": types,
    "items": [list(row) for row in rows],
    "tags": [list(row) for row in tag_rows],
    "itemFiles": item_files,
}))
`;

interface Loaded {
  types: Record<string, Record<string, string>>;
  items: unknown[][];
  tags: unknown[][];
  itemFiles: number;
}

describe('the active performance settings load exactly what dlt loads without them @e2e', function () {
  this.timeout(300_000);
  let api: SampleApi;

  before(async () => {
    api = await startSampleApi({ records: RECORDS, pageSize: 500 });
  });
  after(async () => {
    await api.close();
  });

  const dlts = [
    { name: `dlt ${pythonEnv().dltVersion}`, floor: false },
    { name: `the floor dlt ${pythonEnv().floorDltVersion}`, floor: true },
  ];
  for (const dlt of dlts) {
    it(`${RECORDS.toLocaleString('en')} items in 2 normalize processes, every row and column as served, on ${dlt.name}`, async () => {
      const cwd = tempProject('dlt-performance-');
      if (dlt.floor) useDltFloor(cwd);
      const generated = await runGenerator(
        'rest',
        [
          '--yes',
          '--skip-install',
          '--pipeline-name',
          'fast',
          '--base-url',
          api.url,
          '--paginator',
          'json_link',
          '--resources',
          'items path=json_link/items data_selector=data primary_key=id',
        ],
        cwd,
      );
      assert.equal(generated.code, 0, generated.stderr);
      const config = parse(readFileSync(join(cwd, '.dlt/config.toml'), 'utf8')) as {
        normalize: { workers: number };
        sources: { data_writer: { file_max_items: number } };
      };
      assert.equal(config.normalize.workers, 2);
      assert.equal(config.sources.data_writer.file_max_items, 5000);
      assert.match(readFileSync(join(cwd, 'fast_pipeline.py'), 'utf8'), /^ {4}gc\.set_threshold\(10_000\)$/m);

      const run = await runPipelineScript(cwd, 'fast_pipeline.py');
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      const result = await runPython(['-c', LOADED, 'fast'], cwd, { DLT_DATA_DIR: join(cwd, '.dlt-data') });
      assert.equal(result.code, 0, result.stderr);
      const loaded = JSON.parse(result.stdout.trim().split('\n').pop()!) as Loaded;

      // each normalize process writes its own file of the table: two, so both did part of the work
      assert.equal(loaded.itemFiles, 2);
      const dataColumns = (table: string) =>
        Object.fromEntries(Object.entries(loaded.types[table]!).filter(([name]) => !name.startsWith('_dlt')));
      assert.deepEqual(dataColumns('items'), {
        id: 'bigint',
        number: 'bigint',
        name: 'text',
        status: 'text',
        updated_at: 'timestamp',
        owner__login: 'text',
        owner__id: 'bigint',
      });
      assert.deepEqual(dataColumns('items__tags'), { value: 'text' });
      const items = api.items();
      assert.deepEqual(
        loaded.items,
        items.map((item) => [
          item.id,
          item.number,
          item.name,
          item.status,
          item.updated_at,
          item.owner.login,
          item.owner.id,
        ]),
      );
      assert.deepEqual(
        loaded.tags,
        items.flatMap((item) => item.tags.map((tag, index) => [item.id, index, tag])),
      );
    });
  }
});
