/**
 * The package's generators as registered: `app` and every `generators/<name>/` holding an
 * index.js (what Yeoman registers), each described by the first clause of its USAGE. The app's
 * --help lists them from here, so a new generator appears there without editing a list.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const packageRoot = new URL('../../', import.meta.url);

/** The folder of a generator, relative to the package: `app` or `generators/<name>`. */
export function generatorFolder(name: string): string {
  return name === 'app' ? 'app' : `generators/${name}`;
}

/** The path of a generator's file (index.js, USAGE) in this package. */
export function generatorFile(name: string, file: string): string {
  return fileURLToPath(new URL(`${generatorFolder(name)}/${file}`, packageRoot));
}

/** `app`, then the sub-generators in alphabetical order. */
export function generatorNames(): string[] {
  const folder = fileURLToPath(new URL('generators/', packageRoot));
  const names = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(generatorFile(entry.name, 'index.js')))
    .map((entry) => entry.name)
    .sort();
  return ['app', ...names];
}

/** The first clause of a USAGE's description, on one line ("" without a USAGE). */
export function usageSummary(usage: string): string {
  const description = usage.split(/^Description:\s*$/m)[1] ?? usage;
  const paragraph = description.trim().split(/\n\s*\n/)[0] ?? '';
  const oneLine = paragraph.replace(/\s+/g, ' ').trim();
  return oneLine.split(/(?<=\.)\s|:\s/)[0]!.replace(/\.$/, '');
}

/** One line per sub-generator: `  dlt:rest  Scaffolds ...`, for the app's --help. */
export function generatorsHelp(): string {
  const names = generatorNames().filter((name) => name !== 'app');
  const width = Math.max(...names.map((name) => `dlt:${name}`.length));
  const lines = names.map((name) => {
    const path = generatorFile(name, 'USAGE');
    const summary = existsSync(path) ? usageSummary(readFileSync(path, 'utf8')) : '';
    return `    ${`dlt:${name}`.padEnd(width)}  ${summary}`.trimEnd();
  });
  return `Generators (yo dlt:<name>, or generator-dlt <name>; each has its own --help):\n${lines.join('\n')}\n`;
}
