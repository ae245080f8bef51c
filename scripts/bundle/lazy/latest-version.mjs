// latest-version for the bundled bin (yeoman-generator's addDependencies asks the npm registry
// through it), imported on first call: it brings an HTTP client and npm's config reader.
export default (...args) => import('real:latest-version').then((module) => module.default(...args));
