#!/usr/bin/env node
// Bundles the command (bin/cli.ts) into one CommonJS file, bin/cli.bundle.cjs, which
// bin/generator-dlt.cts runs with a V8 code cache (node:vm compiles CommonJS from cached data;
// ES modules it cannot, before Node 22's module.enableCompileCache). esbuild defers each bundled
// module's set-up to its first require, so a run still sets up only the generator it runs.
// Dependencies a `--yes --skip-install` run never calls, or that do costly work when they load,
// are swapped for shims (lazy/) that load the real package on first call. The bundle ends with a
// line holding its SHA-256, the code cache's key: V8 checks only a source's length. Its import()
// calls go through the loader (see routeDynamicImports).
// `npm run build` runs this after tsc.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { simple } from 'acorn-walk';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outdir = join(root, 'bin');
const lazy = (name) => join(root, 'scripts/bundle/lazy', `${name}.mjs`);

/**
 * Packages replaced by a shim (lazy/<name>.mjs); a shim imports the real one as `real:<name>`,
 * resolved from the folder of the package that depends on it (the chain from our dependencies).
 */
const SHIMS = {
  'fly-import': [],
  execa: ['yeoman-generator'],
  'simple-git': [],
  inquirer: ['yeoman-environment', '@yeoman/adapter'],
  'latest-version': ['yeoman-generator'],
  globby: [],
  'normalize-package-data': [],
  'which-package-manager': ['yeoman-environment'],
  'lodash-es': ['yeoman-generator'],
  'string-width': ['@yeoman/adapter', 'ora'],
  tinyglobby: ['mem-fs-editor'],
  'parse-json': ['yeoman-generator', 'read-package-up', 'read-pkg'],
};

/** Everything under these stays a file of node_modules: it locates its own files beside it. */
const EXTERNAL = ['web-tree-sitter', 'tree-sitter-python'];

const BANNER = `"use strict";
const { existsSync: __bundleExists } = require('node:fs');
const __packageRoot = new URL('../', require('node:url').pathToFileURL(__filename));
const __dependencyUrl = (name, file) => {
  for (let modules = new URL('node_modules/', __packageRoot); ; ) {
    if (__bundleExists(new URL(\`\${name}/package.json\`, modules))) return new URL(\`\${name}/\${file}\`, modules).href;
    const up = new URL('../../node_modules/', modules);
    if (up.href === modules.href) throw new Error(\`generator-dlt: \${name} is not installed\`);
    modules = up;
  }
};`;

const shimPlugin = {
  name: 'lazy-shims',
  setup(bundle) {
    bundle.onResolve({ filter: /^[^.]/ }, (args) => {
      if (!Object.hasOwn(SHIMS, args.path) || args.pluginData?.real) return undefined;
      return { path: lazy(args.path) };
    });
    bundle.onResolve({ filter: /^real:/ }, async (args) => {
      const name = args.path.slice('real:'.length);
      let resolveDir = root;
      for (const owner of SHIMS[name]) {
        const found = await bundle.resolve(owner, { kind: 'import-statement', resolveDir });
        if (found.errors.length > 0) return { errors: found.errors };
        resolveDir = dirname(found.path);
      }
      return bundle.resolve(name, { kind: 'dynamic-import', resolveDir, pluginData: { real: true } });
    });
  },
};

/**
 * Sources find files from `import.meta.url`; in the bundle that is the URL of an output file, so
 * each use is rewritten to the URL the file has once installed: ours from the package root the
 * banner computes from the bundle's own path (in bin/), a dependency's from the folder node
 * finds that dependency in (searched upwards, as node does).
 */
const metaUrlPlugin = {
  name: 'import-meta-url',
  setup(bundle) {
    bundle.onLoad({ filter: /\.(ts|js|mjs)$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const path = relative(root, args.path).split('\\').join('/');
      const dependency = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
      const url = dependency
        ? `__dependencyUrl(${JSON.stringify(dependency[1])}, ${JSON.stringify(dependency[2])})`
        : `new URL(${JSON.stringify(path.replace(/\.ts$/, '.js'))}, __packageRoot).href`;
      const loader = args.path.endsWith('.ts') ? 'ts' : 'js';
      return { contents: source.replaceAll('import.meta.url', url), loader };
    });
  },
};

const bundlePath = join(outdir, 'cli.bundle.cjs');
const result = await build({
  metafile: Boolean(process.env.BUNDLE_METAFILE),
  entryPoints: [join(root, 'bin/cli.ts')],
  outfile: bundlePath,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: EXTERNAL,
  plugins: [shimPlugin, metaUrlPlugin],
  banner: { js: BANNER },
  logLevel: 'warning',
  minifyWhitespace: true,
  minifySyntax: true,
});
if (process.env.BUNDLE_METAFILE) writeFileSync(process.env.BUNDLE_METAFILE, JSON.stringify(result.metafile));
/**
 * Code that V8 takes from a code cache has lost node:vm's callback for import() (Node 20: "A dynamic
 * import callback was not specified"), so each import() in the bundle (the Python grammar's loader,
 * Yeoman's generator loading) becomes a call of __dimp, which bin/generator-dlt.cts passes in and
 * which calls import() from a file node compiled itself. Same length, so the source map holds.
 */
function routeDynamicImports(code) {
  const ast = parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true });
  const starts = [];
  simple(ast, { ImportExpression: (node) => starts.push(node.start) });
  let routed = '';
  let from = 0;
  for (const start of starts.sort((a, b) => a - b)) {
    if (code.slice(start, start + 6) !== 'import') throw new Error(`no import() at ${start}`);
    routed += `${code.slice(from, start)}__dimp`;
    from = start + 6;
  }
  return routed + code.slice(from);
}

const bundled = routeDynamicImports(readFileSync(bundlePath, 'utf8'));
const sha256 = createHash('sha256').update(bundled).digest('hex');
writeFileSync(bundlePath, `${bundled}${bundled.endsWith('\n') ? '' : '\n'}// sha256 ${sha256}\n`);
