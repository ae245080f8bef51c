// parse-json for the bundled bin, set up on its first call (it loads Babel's code frame and
// identifier tables, about 3 ms): read-pkg parses a package.json with it.
export default function parseJson(...args) {
  return require('real:parse-json').default(...args);
}
