// tinyglobby for the bundled bin, set up on its first call: loading it loads fdir, which requires
// picomatch from node_modules file by file (about 7 ms at start-up); mem-fs-editor globs only
// when it copies or deletes by pattern. require(), not import(): globSync is synchronous, and
// esbuild defers a bundled module's set-up to the first require of it.
const real = () => require('real:tinyglobby');

export const glob = (...args) => real().glob(...args);
export const globSync = (...args) => real().globSync(...args);
export const isDynamicPattern = (...args) => real().isDynamicPattern(...args);
