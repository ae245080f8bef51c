// normalize-package-data for the bundled bin: read-pkg normalises a package.json only when asked,
// and its one caller here (yeoman-generator, for the generator's own name and version) passes
// `normalize: false`.
export default () => {
  throw new Error("generator-dlt's bin reads package.json files as they are, without normalising them");
};
