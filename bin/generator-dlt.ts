#!/usr/bin/env node
// Runs the package's generators without a global `yo` (which refuses to run as root):
//   generator-dlt [app|<generator>] [options]   (the generators: generator-dlt --help)
import { existsSync, readFileSync } from 'node:fs';
import { prepareCommand } from 'yeoman-environment';
import { isUsageError, UsageError } from '../shared/plan/errors.js';
import { jsonSummaryPrinted } from '../shared/project/summary.js';
import { didYouMean } from '../shared/questions/did-you-mean.js';
import { generatorFile, generatorNames, generatorsHelp } from '../shared/shell/generator-listing.js';

const GENERATORS = generatorNames();
const COMPOSING = ['app', 'verified', 'rest', 'custom'];

const generatorPath = (name: string) => generatorFile(name, 'index.js');

/**
 * A generator the environment imports when it creates it. The bundled bin (scripts/bundle) makes
 * each generators/<name>/index.js a chunk of its own, so a run loads only the generators it runs.
 */
function lazyGenerator(name: string) {
  const load = (): Promise<{ default: unknown }> =>
    name === 'app' ? import('../app/index.js') : import(`../generators/${name}/index.js`);
  return { createGenerator: async () => (await load()).default };
}

async function main(argv: string[]): Promise<void> {
  const first = argv[2];
  if (first !== undefined && !first.startsWith('-') && !GENERATORS.includes(first)) {
    throw new UsageError(
      `"${first}" is not a generator${didYouMean(first, GENERATORS)}; use one of: ${GENERATORS.join(', ')} (none: app)`,
    );
  }
  const name = first && GENERATORS.includes(first) ? argv.splice(2, 1)[0]! : 'app';
  const command = await prepareCommand({
    generator: lazyGenerator(name) as never,
    resolved: generatorPath(name),
    namespace: `dlt:${name}`,
  });
  command.name(`generator-dlt ${name}`);
  const usage = generatorFile(name, 'USAGE');
  if (existsSync(usage)) command.addHelpText('after', `\n${readFileSync(usage, 'utf8')}`);
  if (name === 'app') command.addHelpText('after', `\n${generatorsHelp()}`);
  // options of a generator this one composes (--resources under yo dlt, --destination-host under
  // dlt:rest) pass through; the composing generator checks them against the composed one
  if (COMPOSING.includes(name)) command.allowUnknownOption().allowExcessArguments();
  // registered by path, not looked up: a lookup names them after the package's folder, which is
  // only `generator-dlt` once installed
  for (const generator of GENERATORS) {
    if (generator !== name)
      command.env!.register(lazyGenerator(generator) as never, {
        namespace: `dlt:${generator}`,
        resolved: generatorPath(generator),
      });
  }
  await command.parseAsync(argv);
}

main(process.argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const exitCode = isUsageError(error) ? 2 : 1;
  process.stderr.write(`generator-dlt: ${message}\n`);
  // a script reading --json gets an object on stdout whatever happened
  if (process.argv.includes('--json') && !jsonSummaryPrinted())
    process.stdout.write(`${JSON.stringify({ error: message, exitCode })}\n`);
  process.exit(exitCode);
});
