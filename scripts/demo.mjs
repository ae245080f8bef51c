// The main job end to end, on DuckDB, against a small local API this script starts itself:
// scaffold a REST pipeline with `yo dlt` (through the package's own bin), install what it needs
// with the project's package manager, run it, and print the tables and row counts it loaded.
//   npm run demo                 (DEMO_DIR=<folder> to keep the project somewhere you choose)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSampleApi } from '../test/support/sample-api.js';

const bin = fileURLToPath(new URL('../bin/generator-dlt.cjs', import.meta.url));
const project = process.env.DEMO_DIR ?? mkdtempSync(join(tmpdir(), 'generator-dlt-demo-'));
mkdirSync(project, { recursive: true });

const api = await startSampleApi({ records: 300, pageSize: 25 });
console.error(`Sample API (300 items with comments, bearer token auth) at ${api.url}`);
console.error(`Project folder: ${project}\n`);

// What a user or a coding agent would answer; every key is also a command-line option.
const answers = {
  source: `${api.url}/auth/bearer`,
  kind: 'rest',
  'pipeline-name': 'sample_api',
  destination: 'duckdb',
  auth: 'bearer',
  paginator: 'page_number',
  'total-path': 'total_pages',
  'resource-defaults': 'primary_key=id write_disposition=merge data_selector=items',
  resources:
    'items path=page_number/items; comments path=page_number/items/{resources.items.id}/comments paginator=single_page data_selector=$ include_from_parent=name',
  run: true,
};
writeFileSync(join(project, 'answers.json'), `${JSON.stringify(answers, null, 2)}\n`);

const code = await new Promise((resolve) => {
  const child = spawn(
    process.execPath,
    // --workspace: the project keeps its dlt state and DuckDB file in its own .dlt folder (new
    // projects are workspaces anyway; this converts a DEMO_DIR left by an older demo too)
    [bin, 'app', '--answers', 'answers.json', '--yes', '--workspace', '--token', api.credentials.token],
    { cwd: project, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  child.on('exit', (exitCode) => resolve(exitCode ?? 1));
});
await api.close();
console.error(
  code === 0
    ? `\nDone. The project is in ${project}: a dlt workspace, its pipeline state in .dlt/state/dev and its ` +
        `DuckDB file in .dlt/data/dev. The dashboard:\n  cd ${project} && . .venv/bin/activate && dlthub local pipeline show sample_api`
    : `\nThe demo failed (exit ${code}).`,
);
process.exit(code);
