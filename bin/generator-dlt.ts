#!/usr/bin/env node
// Runs the package's generators without a global `yo` (which refuses to run as root):
//   generator-dlt [app|verified|rest|custom|incremental|destination] [options]
import { fileURLToPath } from 'node:url';
import { prepareCommand } from 'yeoman-environment';
import { isUsageError } from '../shared/errors.js';

const GENERATORS = ['app', 'verified', 'rest', 'custom', 'incremental', 'destination'];
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

function generatorPath(name: string): string {
  const folder = name === 'app' ? 'app' : `generators/${name}`;
  return fileURLToPath(new URL(`../${folder}/index.js`, import.meta.url));
}

async function main(argv: string[]): Promise<void> {
  const first = argv[2];
  const name = first && GENERATORS.includes(first) ? argv.splice(2, 1)[0]! : 'app';
  const command = await prepareCommand({ resolved: generatorPath(name), namespace: `dlt:${name}` });
  command.name(`generator-dlt ${name}`);
  await command.env!.lookup({ packagePaths: [packageRoot] });
  await command.parseAsync(argv);
}

main(process.argv).catch((error: unknown) => {
  if (isUsageError(error)) {
    process.stderr.write(`generator-dlt: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`generator-dlt: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
