// execa for the bundled bin, imported on the first spawn (a --skip-install run spawns nothing).
// The calls return a promise of the result, not execa's subprocess: the generators only await it.
const real = () => import('real:execa');

export const execa = (...args) => real().then((module) => module.execa(...args));
export const execaCommand = (...args) => real().then((module) => module.execaCommand(...args));

const noSync = (name) => () => {
  throw new Error(`${name} is not available in generator-dlt's bundled bin; spawn asynchronously`);
};
export const execaSync = noSync('execaSync');
export const execaCommandSync = noSync('execaCommandSync');
