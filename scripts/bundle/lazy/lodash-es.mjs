// lodash-es for the bundled bin: the functions yeoman-generator and yeoman-environment import by
// name, and nothing else (esbuild fails the build when they import one more). yeoman-generator
// also hands all of lodash to each generator as `this._`, which this package's generators do not
// use: there it holds these functions only.
export {
  cloneDeep,
  compact,
  defaults,
  escapeRegExp,
  findLast,
  get,
  groupBy,
  merge,
  pick,
  set,
  template,
  uniq,
} from 'real:lodash-es';
