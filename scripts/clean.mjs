// Removes the JavaScript that tsc emits next to each TypeScript source.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['app', 'generators', 'shared', 'test', 'bin'];
const skip = new Set(['templates', 'fixtures', 'node_modules']);

function clean(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!skip.has(name)) clean(path);
    } else if (name.endsWith('.js') && statSync(path).isFile()) {
      // every .js here is tsc's output (the repository keeps none by hand outside fixtures and
      // templates); one whose .ts was moved or deleted is stale and would still be loaded by mocha
      rmSync(path);
    }
  }
}

// the bin (tsc's output of bin/*.cts), the bundle it runs (scripts/bundle/build.mjs), and the
// chunks of the ES-module bundle that came before it
for (const file of [
  'generator-dlt.cjs',
  'compile-cache.cjs',
  'cli.bundle.cjs',
  'cli.bundle.cjs.map',
  'chunks',
]) {
  rmSync(join('bin', file), { recursive: true, force: true });
}

for (const root of roots) {
  try {
    clean(root);
  } catch {
    // root missing
  }
}
