// simple-git for the bundled bin: yeoman-generator only reaches it through `this.simpleGit`,
// which the generators of this package never use.
export const CheckRepoActions = {};
export const CleanOptions = {};
export const simpleGit = () => {
  throw new Error("generator-dlt's generators do not use git through yeoman-generator");
};
