#!/usr/bin/env node
/**
 * The command. Runs the bundled CLI (bin/cli.bundle.cjs, made from bin/cli.ts by
 * scripts/bundle/build.mjs) from a V8 code cache (bin/compile-cache.cts): a run after the first of
 * its kind neither parses the bundle nor compiles again the functions that kind of run compiled
 * (`npm run bench:startup` prints the figures). Node's own compile cache starts with Node 22.1.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { type BundleIdentity, cacheFolder, cachePath, readCache, runKind, writeCache } from './compile-cache.cjs';

const bundle = join(__dirname, 'cli.bundle.cjs');
/**
 * CommonJS's module wrapper, and __dimp: the bundle's import() calls, made here (see
 * routeDynamicImports in scripts/bundle/build.mjs).
 */
const WRAPPER = '(function (exports, require, module, __filename, __dirname, __dimp) {';

function readBundle(): { source: string; identity: BundleIdentity } {
  try {
    const source = readFileSync(bundle, 'utf8');
    const { size, mtimeMs } = statSync(bundle);
    const hash = /\/\/ sha256 ([0-9a-f]{16})/.exec(source.slice(-80))?.[1] ?? 'unhashed';
    return { source, identity: { hash, size, mtimeMs } };
  } catch (error) {
    const message = `cannot read ${bundle} (${(error as NodeJS.ErrnoException).code}): run \`npm run build\` in the package, or install it again`;
    process.stderr.write(`generator-dlt: ${message}\n`);
    // a script reading --json gets an object on stdout whatever happened
    const json = process.argv.findLast((arg) => arg === '--json' || arg === '--no-json') === '--json';
    if (json) process.stdout.write(`${JSON.stringify({ error: message, exitCode: 1 })}\n`);
    process.exit(1);
  }
}

function main(): void {
  // V8 takes a code cache only under the flags it was made with: the flag the Python parser sets
  // (shared/python/parser.ts) is set before compiling, else every run that parses Python would
  // find its cache refused and write it again
  setFlagsFromString('--liftoff-only');
  const { source, identity } = readBundle();
  const folder = cacheFolder();
  const path = folder && cachePath(folder, runKind(process.argv.slice(2)), identity);
  const cachedData = path ? readCache(path, identity) : undefined;
  const script = new Script(`${WRAPPER}${source}\n})`, { filename: bundle, cachedData });
  if (path && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', (code) => {
      if (code === 0) writeCache(path, script.createCachedData(), identity);
    });
  }
  const module = { exports: {} };
  const dynamicImport = (specifier: string, options?: ImportCallOptions) => import(specifier, options);
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle), dynamicImport);
}

main();
