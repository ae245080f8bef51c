/**
 * The import graph's rules, checked by `npm run lint` (scripts/lint-imports.mjs runs depcruise on
 * the TypeScript sources). TypeScript is read with swc so that type-only imports (`import type`)
 * count: a type-only circle is still a circle.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shell-on-top',
      comment:
        'Only shared/shell/ touches Yeoman: what is below it takes plain data and callbacks (see shared/plan/context.ts), never the shell.',
      severity: 'error',
      from: { path: '^shared/(?!shell/)' },
      to: { path: '^shared/shell/' },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  },
};
