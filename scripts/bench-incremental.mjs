#!/usr/bin/env node
// How dlt:incremental scales with the size of the project: a generated REST pipeline
// (shop_pipeline.py) among N-1 other Python modules, each with two @dlt.resource functions and some
// plain code. Prints, for N = 1, 500 and 2,000 files:
// - the whole `generator-dlt incremental --file shop_pipeline.py ...` run (wall time, peak memory,
//   bench/measure.py): with --file only the named file is read and parsed, so N should not matter;
// - the same run without --file (every Python file is scanned to find the resource);
// - in process: the scan of the whole project, and building the file and resource choice lists with
//   their defaults (what a terminal run shows), which must grow with N, not with N x resources.
//   npm run bench:incremental   (BENCH_ROUNDS=3 by default; medians)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { targetQuestions } from '../generators/incremental/questions.js';
import { scanProject } from '../shared/python/pipeline-scan.js';
import { binPath, runGenerator } from '../test/support/cli.js';
import { run, runtimeBin } from '../test/support/python.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZES = [1, 500, 2_000];
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function otherModule(index) {
  return [
    'import dlt',
    '',
    '',
    `@dlt.resource(name="records_${index}", write_disposition="append")`,
    `def records_${index}(limit: int = 10):`,
    `    """Records of module ${index}."""`,
    '    for number in range(limit):',
    '        yield {"id": number, "module": ' + index + '}',
    '',
    '',
    `@dlt.resource(name="events_${index}")`,
    `def events_${index}():`,
    '    yield from ({"id": n, "kind": "event"} for n in range(3))',
    '',
    '',
    `def helper_${index}(values: list[int]) -> int:`,
    '    total = 0',
    '    for value in values:',
    '        if value % 2 == 0:',
    '            total += value',
    '        else:',
    '            total -= value',
    '    return total',
    '',
  ].join('\n');
}

async function makeProject(files) {
  const cwd = mkdtempSync(join(tmpdir(), 'dlt-bench-incremental-'));
  const made = await runGenerator(
    'rest',
    [
      '--yes',
      '--skip-install',
      '--pipeline-name',
      'shop',
      '--base-url',
      'https://api.example.com',
      '--resources',
      'items',
    ],
    cwd,
  );
  if (made.code !== 0) throw new Error(`making the pipeline failed:\n${made.stderr}`);
  mkdirSync(join(cwd, 'modules'));
  for (let index = 1; index < files; index++) {
    writeFileSync(join(cwd, 'modules', `module_${index}.py`), otherModule(index));
  }
  return cwd;
}

const SETTINGS = [
  '--cursor-path',
  'updated_at',
  '--initial-value',
  '2024-01-01T00:00:00Z',
  '--param',
  'since',
  '--primary-key',
  'id',
];

/** One whole run; the edit it makes is undone afterwards, so that every run makes the same one. */
async function measuredRun(cwd, args) {
  const pipeline = join(cwd, 'shop_pipeline.py');
  const original = readFileSync(pipeline, 'utf8');
  const figures = join(cwd, '.measured.json');
  try {
    const result = await run(
      runtimeBin('python'),
      [
        join(repoRoot, 'bench/measure.py'),
        figures,
        process.execPath,
        binPath,
        'incremental',
        '--yes',
        ...args,
        ...SETTINGS,
      ],
      { cwd },
    );
    if (result.code !== 0) throw new Error(`the run failed:\n${result.stdout}\n${result.stderr}`);
    if (readFileSync(pipeline, 'utf8') === original) throw new Error('the run did not edit the pipeline');
    return JSON.parse(readFileSync(figures, 'utf8'));
  } finally {
    writeFileSync(pipeline, original);
    rmSync(join(cwd, '.yo-rc.json'), { force: true });
  }
}

async function inProcess(cwd) {
  let start = performance.now();
  const scan = await scanProject(cwd);
  const scanMs = performance.now() - start;
  start = performance.now();
  const [file, resource] = targetQuestions(scan, { resource: 'items' });
  const fileChoices = file.choices;
  const chosenFile = file.default();
  let resourceChoices = 0;
  // every file's resource list, as a user browsing the choices would see them all
  for (const choice of fileChoices) resourceChoices += resource.choices({ file: choice.value }).length;
  resource.default({ file: chosenFile });
  const choicesMs = performance.now() - start;
  for (const scanned of scan.files) scanned.tree.delete();
  if (chosenFile !== 'shop_pipeline.py') throw new Error(`the default file is ${chosenFile}`);
  return { scanMs, choicesMs, resources: scan.resources.length, resourceChoices };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

console.log(`dlt:incremental in a project of N Python files (medians of ${ROUNDS} rounds)`);
for (const files of SIZES) {
  const cwd = await makeProject(files);
  try {
    const withFile = [];
    const withoutFile = [];
    const local = [];
    for (let round = 0; round < ROUNDS; round++) {
      withFile.push(await measuredRun(cwd, ['--file', 'shop_pipeline.py', '--resource', 'items']));
      withoutFile.push(await measuredRun(cwd, ['--resource', 'items']));
      local.push(await inProcess(cwd));
    }
    const wall = (runs) => `${median(runs.map((r) => r.seconds)).toFixed(2)} s`;
    const peak = (runs) => `${Math.round(median(runs.map((r) => r.peak_mib)))} MiB`;
    console.log(
      `N = ${String(files).padStart(5)}: --file ${wall(withFile)}, ${peak(withFile)};` +
        ` without --file ${wall(withoutFile)}, ${peak(withoutFile)};` +
        ` scan ${median(local.map((l) => l.scanMs)).toFixed(0)} ms,` +
        ` choice lists ${median(local.map((l) => l.choicesMs)).toFixed(1)} ms` +
        ` (${local[0].resources} resources)`,
    );
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
console.log(
  `  (load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')})`,
);
