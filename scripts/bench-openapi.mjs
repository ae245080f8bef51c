#!/usr/bin/env node
// How long dlt:rest --openapi takes on a spec of Stripe's size (about 7 MB of JSON), against a
// plain JSON.parse of the same text. The spec is made here, Stripe-shaped: per resource a list
// endpoint (starting_after, limit, has_more), a detail endpoint and a child list, $refs to shared
// component schemas with long descriptions, and POST operations with request bodies.
// Prints: spec size, JSON.parse time, load+dereference time, detection+plan time, and the whole
// `generator-dlt rest --openapi` run (a fresh process, writing into a temporary project), against
// the two readings of "a plain parse": JSON.parse of the text in this process, and the whole run
// of a trivial node program that reads the file and parses it (the fair whole-process comparison).
// Both processes are measured by bench/measure.py: wall time (the target's), CPU time (what a loaded
// machine changes least) and peak memory.
// The generator runs keep their code cache (bin/generator-dlt.cts) in a folder of the benchmark's
// own, written by a warm-up run; one more run without it shows what a first run costs.
// The target: generation within 5x a plain parse. Medians of BENCH_ROUNDS (default 3) rounds.
//   npm run bench:openapi            (BENCH_SPEC_MB=7 by default)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importOpenApi } from '../generators/rest/openapi/import.js';
import { documentFromText } from '../generators/rest/openapi/load.js';
import { planRest } from '../generators/rest/plan.js';
import { binPath, tempProject } from '../test/support/cli.js';
import { repoRoot, run, runtimeBin } from '../test/support/python.js';

const TARGET_BYTES = Number(process.env.BENCH_SPEC_MB ?? 7) * 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_RATIO = 5;
const CACHE_HOME = tempProject('dlt-bench-openapi-cache-');
const prose = (words) => Array.from({ length: words }, (_, i) => `word${i % 97}`).join(' ');

function resourceSchema(index) {
  const properties = { id: { type: 'string', description: prose(12) }, object: { type: 'string' } };
  for (let p = 0; p < 40; p++) {
    properties[`field_${p}`] =
      p % 5 === 0
        ? { $ref: '#/components/schemas/address' }
        : { type: p % 3 ? 'string' : 'integer', nullable: true, description: prose(25) };
  }
  properties.created = { type: 'integer', format: 'unix-time' };
  properties.updated_at = { type: 'string', format: 'date-time' };
  properties.customer = {
    anyOf: [{ type: 'string' }, { $ref: `#/components/schemas/resource_${(index + 1) % 10}` }],
  };
  return { type: 'object', description: prose(60), properties, required: ['id', 'object'] };
}

function makeSpec() {
  const spec = {
    openapi: '3.0.0',
    info: { title: 'Stripe-sized benchmark API', version: '1' },
    servers: [{ url: 'https://api.example.com/' }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: {
        address: { type: 'object', properties: { line1: { type: 'string' }, city: { type: 'string' } } },
      },
    },
    paths: {},
  };
  const listParams = [
    { name: 'starting_after', in: 'query', schema: { type: 'string' }, description: prose(30) },
    { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100 }, description: prose(30) },
    { name: 'updated_since', in: 'query', schema: { type: 'string', format: 'date-time' } },
  ];
  const listOf = (ref) => ({
    type: 'object',
    properties: {
      object: { type: 'string' },
      data: { type: 'array', items: { $ref: ref } },
      has_more: { type: 'boolean' },
      url: { type: 'string' },
    },
  });
  const ok = (schema) => ({ 200: { description: prose(10), content: { 'application/json': { schema } } } });
  // the size is measured every 50 resources: measuring after each one would be quadratic
  for (let i = 0; i % 50 !== 0 || JSON.stringify(spec).length < TARGET_BYTES; i++) {
    const name = `resource_${i}`;
    const ref = `#/components/schemas/${name}`;
    spec.components.schemas[name] = resourceSchema(i);
    const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
    spec.paths[`/v1/${name}s`] = {
      get: {
        operationId: `List${i}`,
        summary: prose(6),
        description: prose(80),
        parameters: listParams,
        responses: ok(listOf(ref)),
      },
      post: {
        operationId: `Create${i}`,
        requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { $ref: ref } } } },
        responses: ok({ $ref: ref }),
      },
    };
    spec.paths[`/v1/${name}s/{id}`] = {
      get: { operationId: `Get${i}`, parameters: [id], responses: ok({ $ref: ref }) },
    };
    spec.paths[`/v1/${name}s/{id}/lines`] = {
      get: { operationId: `Lines${i}`, parameters: [id, ...listParams], responses: ok(listOf(ref)) },
    };
  }
  return JSON.stringify(spec);
}

const time = async (fn) => {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A new process under bench/measure.py: wall ms, CPU ms, peak MiB. */
async function measured(what, command, cwd, env = {}) {
  const figures = join(tempProject('dlt-bench-openapi-figures-'), 'figures.json');
  const result = await run(runtimeBin('python'), [join(repoRoot, 'bench/measure.py'), figures, ...command], {
    cwd,
    env: { ...process.env, XDG_CACHE_HOME: CACHE_HOME, ...env },
  });
  if (result.code !== 0) throw new Error(`${what} failed:\n${result.stderr}`);
  const { seconds, cpu_seconds: cpu, peak_mib: peak } = JSON.parse(readFileSync(figures, 'utf8'));
  return { ms: seconds * 1000, cpuMs: cpu * 1000, peak };
}

/** Medians of each figure over the rounds, the two commands alternating (so load changes hit both). */
async function pairedRounds(commands) {
  const rounds = commands.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, command] of commands.entries()) rounds[index].push(await command());
  }
  return rounds.map((runs) => ({
    ms: median(runs.map((r) => r.ms)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    peak: median(runs.map((r) => r.peak)),
  }));
}

async function main() {
  const text = makeSpec();
  const mb = (text.length / 1024 / 1024).toFixed(1);
  // each round reads the text anew: what is found about a document's schemas is kept with it
  const rounds = { parse: [], load: [], detect: [] };
  let load;
  let detect;
  for (let round = 0; round < ROUNDS; round++) {
    rounds.parse.push((await time(() => JSON.parse(text))).ms);
    load = await time(() => documentFromText(text, 'bench.json'));
    rounds.load.push(load.ms);
    detect = await time(async () => {
      const imported = await importOpenApi({ document: load.value, acceptIncremental: false });
      return planRest({
        pipelineName: 'bench',
        datasetName: 'bench_data',
        destination: 'duckdb',
        config: imported.config,
        fromSpec: false,
        resourceComments: imported.comments,
      });
    });
    rounds.detect.push(detect.ms);
  }
  const parse = { ms: median(rounds.parse) };
  load = { ...load, ms: median(rounds.load) };
  detect = { ...detect, ms: median(rounds.detect) };
  const specPath = join(tempProject('dlt-bench-openapi-spec-'), 'spec.json');
  writeFileSync(specPath, text);
  const generator = [
    process.execPath,
    binPath,
    'rest',
    '--yes',
    '--skip-install',
    // the generation is measured, not requests to the spec's server (api.example.com)
    '--no-probe',
    '--pipeline-name',
    'bench',
  ];
  const generatorRun = (env) =>
    measured('the generator', [...generator, '--openapi', specPath], tempProject('dlt-bench-openapi-'), env);
  await generatorRun(); // writes the code cache the rounds read
  const firstRun = await generatorRun({ NODE_DISABLE_COMPILE_CACHE: '1' });
  const [plainProcess, cli] = await pairedRounds([
    () =>
      measured('the plain parse', [
        process.execPath,
        '-e',
        `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(specPath)}, 'utf8'))`,
      ]),
    () => generatorRun(),
  ]);
  const operations = load.value.operations.length;
  const resources = detect.value.added.length;
  const inProcess = (load.ms + detect.ms) / parse.ms;
  const whole = cli.ms / plainProcess.ms;
  const wholeCpu = cli.cpuMs / plainProcess.cpuMs;
  const verdict = (ratio) => (ratio <= TARGET_RATIO ? 'met' : 'MISSED');
  console.log(
    `spec: ${mb} MB of JSON, ${operations} GET operations -> ${resources} resources (medians of ${ROUNDS})`,
  );
  console.log(`JSON.parse alone:                    ${parse.ms.toFixed(0)} ms`);
  console.log(`parse + dereference + read:          ${load.ms.toFixed(0)} ms`);
  console.log(`detect + plan + render:              ${detect.ms.toFixed(0)} ms`);
  const process_ = (figures) =>
    `${figures.ms.toFixed(0)} ms, CPU ${figures.cpuMs.toFixed(0)} ms, peak ${figures.peak.toFixed(0)} MiB (a new process)`;
  console.log(`node reading and parsing the file:   ${process_(plainProcess)}`);
  console.log(`whole generator-dlt run:             ${process_(cli)}`);
  console.log(`  a first run (no code cache yet):   ${process_(firstRun)}`);
  console.log(
    `in process, parse to rendered / JSON.parse: ${inProcess.toFixed(1)}x (target ${TARGET_RATIO}x: ${verdict(inProcess)})`,
  );
  console.log(
    `whole run / plain parse process:            ${whole.toFixed(1)}x (target ${TARGET_RATIO}x: ${verdict(whole)})`,
  );
  console.log(`  the same in CPU time:                      ${wholeCpu.toFixed(1)}x`);
  console.log(
    `  (load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')})`,
  );
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(CACHE_HOME, { recursive: true, force: true }));
