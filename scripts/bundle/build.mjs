#!/usr/bin/env node
// Bundles bin/generator-dlt.ts into bin/generator-dlt.js (over tsc's output) with one chunk per
// generator, so that a run reads a handful of files instead of thousands and loads only the
// generator it runs. Dependencies a `--yes --skip-install` run never calls, or that do costly work
// when they load, are swapped for shims (lazy/) that load the real package on first call: with
// import() when the calls are asynchronous, else with require(), for which esbuild defers the
// bundled module's set-up to its first require. `npm run build` runs this after tsc.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const BANNER = `
import { createRequire as __bundleRequire } from 'node:module';
import { existsSync as __bundleExists } from 'node:fs';
// CommonJS dependencies call require() for node's own modules
const require = __bundleRequire(import.meta.url);
const __packageRoot = new URL(/\\/chunks\\/[^/]*$/.test(import.meta.url) ? '../../' : '../', import.meta.url);
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
 * banner computes in every output file (bin/ or bin/chunks/), a dependency's from the folder node
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

for (const name of ['chunks']) rmSync(join(outdir, name), { recursive: true, force: true });

const result = await build({
  metafile: Boolean(process.env.BUNDLE_METAFILE),
  entryPoints: [join(root, 'bin/generator-dlt.ts')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: EXTERNAL,
  plugins: [shimPlugin, metaUrlPlugin],
  banner: { js: BANNER },
  logLevel: 'warning',
  minifyWhitespace: true,
  minifySyntax: true,
});
if (process.env.BUNDLE_METAFILE) writeFileSync(process.env.BUNDLE_METAFILE, JSON.stringify(result.metafile));
