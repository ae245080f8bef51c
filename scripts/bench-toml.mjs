#!/usr/bin/env node
// How the TOML writer scales: merging E entries into a .dlt/config.toml of 1,000, 10,000 and 30,000
// lines, as a run does (route each entry to its file, find the conflicts, merge, verify), in memory.
// The entries are spread over the file: a quarter add a key to an existing table, a quarter fill in
// a placeholder, a quarter add a new table, a quarter give a value the file holds already.
// Prints, per size and E: the median time of 5 merges (after one not measured) and how often the
// TOML text was parsed and scanned in one merge (config.toml and the empty secrets.toml, and the
// merged text parsed once more to verify it).
//   npm run bench:toml
import { performance } from 'node:perf_hooks';
import { mergeTomlEntries } from '../shared/toml/apply.js';
import { tomlWorkCount } from '../shared/toml/work-count.js';

const SIZES = [1_000, 10_000, 30_000];
const ENTRY_COUNTS = [10, 200];
const ROUNDS = 5;
// one table is 10 lines: a comment, its header, 7 keys, a blank line
const LINES_PER_TABLE = 10;

function configText(lines) {
  const tables = Math.ceil(lines / LINES_PER_TABLE);
  const out = ['# dlt settings for this project', ''];
  for (let t = 0; t < tables; t++) {
    out.push(`# source number ${t}`, `[sources.source_${t}]`);
    out.push(`base_url = "<configure me>"`, `page_size = ${t}`, `name = "source ${t}"`);
    out.push(`enabled = true`, `tags = ["a", "b"]`, `timeout = 30.5`, `schema = "raw_${t}"`, '');
  }
  return { text: `${out.join('\n')}\n`, tables };
}

function entriesFor(tables, count) {
  return Array.from({ length: count }, (_, i) => {
    const table = ['sources', `source_${Math.floor((i * tables) / count)}`];
    const kind = i % 4;
    if (kind === 0) return { table, key: `added_${i}`, value: i, secret: false };
    if (kind === 1) return { table, key: 'base_url', value: `https://api${i}.example.com`, secret: false };
    if (kind === 2) return { table: ['sources', `new_${i}`], key: 'page_size', value: 100, secret: false };
    return { table, key: 'enabled', value: true, secret: false };
  });
}

async function measure(text, entries) {
  const files = { '.dlt/config.toml': text };
  const context = { root: '/nonexistent', read: (file) => files[file], force: false, canAsk: false };
  context.askTake = async () => false;
  await mergeTomlEntries(context, entries, []); // warm-up: not measured
  const times = [];
  let counts;
  for (let round = 0; round < ROUNDS; round++) {
    const before = { ...tomlWorkCount };
    const start = performance.now();
    const merge = await mergeTomlEntries(context, entries, []);
    times.push(performance.now() - start);
    if (merge.writes.length !== 1) throw new Error('the benchmark merge wrote nothing');
    counts = { parses: tomlWorkCount.parses - before.parses, scans: tomlWorkCount.scans - before.scans };
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(ROUNDS / 2)], ...counts };
}

console.log('TOML writer: E entries merged into a config.toml of N lines (median of 5, in memory)');
for (const lines of SIZES) {
  const { text, tables } = configText(lines);
  for (const count of ENTRY_COUNTS) {
    const { ms, parses, scans } = await measure(text, entriesFor(tables, count));
    console.log(
      `${String(lines).padStart(6)} lines, E = ${String(count).padStart(3)}: ${ms.toFixed(1).padStart(8)} ms` +
        `  (${parses} parses, ${scans} scans of the file)`,
    );
  }
}
