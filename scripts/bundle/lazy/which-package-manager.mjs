// which-package-manager for the bundled bin, imported on first call: yeoman-environment asks it
// only before installing a package.json the run wrote, which a dlt generator does not write.
export const whichPackageManager = (...args) =>
  import('real:which-package-manager').then((module) => module.whichPackageManager(...args));
