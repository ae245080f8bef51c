#!/usr/bin/env node
/**
 * The command. Runs the bundled CLI (bin/cli.bundle.cjs, made from bin/cli.ts by
 * scripts/bundle/build.mjs) from a V8 code cache kept per user: a run after the first neither
 * parses the bundle nor compiles again the functions the same kind of run compiled before
 * (`npm run bench:startup` prints the figures). Node's own compile cache starts with Node 22.1.
 * The cache only saves time: whatever goes wrong with it (no home folder, a read-only one, a file
 * cut short, another Node or other V8 flags), the bundle is compiled as if there were none.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

const bundle = join(__dirname, 'cli.bundle.cjs');
/**
 * CommonJS's module wrapper, and __dimp: the bundle's import() calls, made here (see
 * routeDynamicImports in scripts/bundle/build.mjs).
 */
const WRAPPER = '(function (exports, require, module, __filename, __dirname, __dimp) { ';
const STALE_MS = 7 * 24 * 3600 * 1000;

/** Where caches live; NODE_DISABLE_COMPILE_CACHE (Node's own switch) turns this one off too. */
function cacheFolder(): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const base =
    process.env.XDG_CACHE_HOME ||
    (process.platform === 'win32' ? process.env.LOCALAPPDATA : join(homedir(), '.cache'));
  return base ? join(base, 'generator-dlt', 'compile-cache') : undefined;
}

/**
 * What a run compiles depends on the generator, and on whether it reads an OpenAPI spec or only
 * prints help: each kind keeps its own cache, so that one kind does not leave another uncompiled.
 */
function runKind(args: readonly string[]): string {
  const generator = /^[a-z]+$/.test(args[0] ?? '') ? args[0] : 'app';
  const spec = args.some((arg) => arg.startsWith('--openapi')) ? '-openapi' : '';
  const help = args.includes('--help') || args.includes('-h') ? '-help' : '';
  return `${generator}${spec}${help}`;
}

function readCache(path: string | undefined): Buffer | undefined {
  try {
    return path ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (a second run at once, a full disk), never half. */
function writeCache(folder: string, path: string, data: Buffer, key: string): void {
  const partial = `${path}.${process.pid}.partial`;
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(partial, data);
    renameSync(partial, path);
  } catch {
    ignoringErrors(() => rmSync(partial, { force: true }));
    return;
  }
  // caches of other builds of the bundle, unused for a week
  ignoringErrors(() => {
    for (const name of readdirSync(folder)) {
      const other = join(folder, name);
      if (!name.includes(key) && Date.now() - statSync(other).mtimeMs > STALE_MS) rmSync(other, { force: true });
    }
  });
}

function ignoringErrors(action: () => void): void {
  try {
    action();
  } catch {
    // the cache only saves time
  }
}

function main(): void {
  // V8 takes a code cache only under the flags it was made with: the flag the Python parser sets
  // (shared/python/parser.ts) is set before compiling, else every run that parses Python would
  // find its cache refused and write it again
  setFlagsFromString('--liftoff-only');
  const source = readFileSync(bundle, 'utf8');
  const key = /\/\/ sha256 ([0-9a-f]{16})/.exec(source.slice(-80))?.[1];
  const folder = cacheFolder();
  const cachePath =
    folder && key
      ? join(folder, `${runKind(process.argv.slice(2))}-${key}-${process.version}-${process.arch}.bin`)
      : undefined;
  const cachedData = readCache(cachePath);
  const script = new Script(`${WRAPPER}${source}\n})`, { filename: bundle, cachedData });
  if (folder && cachePath && key && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', (code) => {
      if (code === 0) writeCache(folder, cachePath, script.createCachedData(), key);
    });
  }
  const module = { exports: {} };
  const dynamicImport = (specifier: string, options?: ImportCallOptions) => import(specifier, options);
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle), dynamicImport);
}

main();
