// fly-import for the bundled bin: yeoman-environment builds a repository of generators to install
// on demand (with @npmcli/arborist), which a bin that registers its own generators never uses.
const unavailable = () => {
  throw new Error("generator-dlt's bin runs its own generators; it does not install others");
};

export class FlyRepository {
  constructor(options = {}) {
    this.repositoryPath = options.repositoryPath;
  }
  install = unavailable;
  import = unavailable;
}

export const flyImport = async () => unavailable();
