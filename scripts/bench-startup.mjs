#!/usr/bin/env node
// Times whole generator-dlt runs (the bundled bin, as a user starts it) against
// `dlt --non-interactive init rest_api duckdb` (dlt from the runtime test venv): dlt:rest with
// three resources, dlt:destination, dlt:incremental on a generated pipeline, and --help. Every
// round runs each command once in a fresh folder, rotating the order so that all see the same
// machine load; each run is measured by bench/measure.py (wall time, CPU time, peak memory of its
// largest process). Prints medians, the median of the rounds' ratios to dlt init, and whether the
// targets hold (<= 0.5x dlt init's time, <= 100 MiB); exits 1 when one does not. Our runs keep
// their code caches (bin/generator-dlt.cts) in a folder of the benchmark's own, written by the
// warm-up; each command also runs without one (NODE_DISABLE_COMPILE_CACHE), as a first run does.
//   BENCH_ROUNDS=5 npm run bench:startup   (default 7 rounds; builds first)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binPath, runGenerator } from '../test/support/cli.js';
import { run, runtimeBin } from '../test/support/python.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TARGETS = { ratio: 0.5, peakMiB: 100 };
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const BASE_URL = 'https://api.example.com';
const CACHE_HOME = mkdtempSync(join(tmpdir(), 'dlt-startup-cache-'));

const generator = (name, ...args) => [process.execPath, binPath, name, ...args];

/** What each run needs in its folder before the clock starts. */
async function withPipeline(cwd) {
  const made = await runGenerator(
    'rest',
    ['--yes', '--skip-install', '--pipeline-name', 'shop', '--base-url', BASE_URL, '--resources', 'items'],
    cwd,
  );
  if (made.code !== 0) throw new Error(`preparing the incremental run failed:\n${made.stderr}`);
}

const DLT_INIT = {
  label: 'dlt init rest_api duckdb',
  command: () => [runtimeBin('dlt'), '--non-interactive', 'init', 'rest_api', 'duckdb'],
};
const OURS = [
  {
    label: 'dlt:rest, 3 resources',
    command: () =>
      generator(
        'rest',
        '--yes',
        '--skip-install',
        '--base-url',
        BASE_URL,
        '--resources',
        'orders,customers,products',
      ),
  },
  { label: 'dlt:destination', command: () => generator('destination', '--yes', '--skip-install') },
  {
    label: 'dlt:incremental',
    prepare: withPipeline,
    command: () =>
      generator(
        'incremental',
        '--yes',
        '--file',
        'shop_pipeline.py',
        '--resource',
        'items',
        '--cursor-path',
        'updated_at',
        '--initial-value',
        '2024-01-01T00:00:00Z',
        '--param',
        'since',
        '--primary-key',
        'id',
      ),
  },
  { label: 'generator-dlt --help', command: () => generator('app', '--help') },
];
const FIRST_RUNS = OURS.map((contender) => ({
  ...contender,
  label: `${contender.label}, first run`,
  env: { NODE_DISABLE_COMPILE_CACHE: '1' },
}));

async function measured(contender) {
  const cwd = mkdtempSync(join(tmpdir(), 'dlt-startup-'));
  try {
    await contender.prepare?.(cwd);
    const figures = join(cwd, '.measured.json');
    const result = await run(
      runtimeBin('python'),
      [join(repoRoot, 'bench/measure.py'), figures, ...contender.command()],
      {
        cwd,
        env: {
          ...process.env,
          DLT_DATA_DIR: join(cwd, '.dlt-data'),
          XDG_CACHE_HOME: CACHE_HOME,
          ...contender.env,
        },
      },
    );
    if (result.code !== 0) throw new Error(`${contender.label} failed:\n${result.stdout}\n${result.stderr}`);
    return JSON.parse(readFileSync(figures, 'utf8'));
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

function medianOf(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main() {
  const contenders = [DLT_INIT, ...OURS, ...FIRST_RUNS];
  console.error(`Start-up: ${ROUNDS} rounds after a warm-up, each command in a fresh folder`);
  for (const contender of contenders) await measured(contender);
  const results = new Map(contenders.map((contender) => [contender.label, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const shift = round % contenders.length;
    for (const contender of [...contenders.slice(shift), ...contenders.slice(0, shift)]) {
      const figures = await measured(contender);
      results.get(contender.label).push(figures);
      console.error(
        `  round ${round + 1}: ${contender.label.padEnd(37)} ${figures.seconds.toFixed(2)} s, ${Math.round(figures.peak_mib)} MiB`,
      );
    }
  }

  const init = results.get(DLT_INIT.label);
  const initSeconds = medianOf(init.map((figures) => figures.seconds));
  console.log('');
  const cpuOf = (runs) => medianOf(runs.map((figures) => figures.cpu_seconds)).toFixed(2);
  console.log(
    `${DLT_INIT.label.padEnd(37)} ${initSeconds.toFixed(2)} s  CPU ${cpuOf(init)} s  peak ${Math.round(medianOf(init.map((f) => f.peak_mib)))} MiB`,
  );
  let missed = false;
  for (const contender of [...OURS, ...FIRST_RUNS]) {
    const runs = results.get(contender.label);
    const seconds = medianOf(runs.map((figures) => figures.seconds));
    const peak = medianOf(runs.map((figures) => figures.peak_mib));
    const ratio = medianOf(runs.map((figures, round) => figures.seconds / init[round].seconds));
    const ok = ratio <= TARGETS.ratio && peak <= TARGETS.peakMiB;
    missed ||= !ok;
    console.log(
      `${contender.label.padEnd(37)} ${seconds.toFixed(2)} s  CPU ${cpuOf(runs)} s  peak ${Math.round(peak)
        .toString()
        .padStart(3)} MiB  ${ratio.toFixed(2)}x dlt init  ${ok ? 'met' : 'MISSED'}`,
    );
  }
  console.log(
    `  (targets: <= ${TARGETS.ratio}x dlt init's time, <= ${TARGETS.peakMiB} MiB; medians of ${ROUNDS} rounds; ` +
      `load average ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')})`,
  );
  if (missed) process.exitCode = 1;
}

main()
  .catch((error) => {
    console.error(`bench:startup: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(CACHE_HOME, { recursive: true, force: true }));
