// The command line: runs the package's generators without a global `yo` (which refuses to run
// as root); bundled into bin/cli.bundle.cjs, which bin/generator-dlt.cts runs:
//   generator-dlt [app|<generator>] [options]   (the generators: generator-dlt --help)
import { existsSync, readFileSync } from 'node:fs';
import { prepareCommand } from 'yeoman-environment';
import { isUsageError, UsageError } from '../shared/plan/errors.js';
import { jsonSummaryPrinted } from '../shared/project/summary.js';
import { didYouMean, unknownOptions } from '../shared/questions/did-you-mean.js';
import { generatorFile, generatorNames, generatorsHelp } from '../shared/shell/generator-listing.js';
import { undeclaredOptions } from '../shared/shell/unknown-options.js';
import { optionsDeclaredBy } from '../shared/shell/yeoman-internals.js';

const GENERATORS = generatorNames();
/** The generators each composing generator may pass options on to. */
const COMPOSES: Record<string, string[]> = {
  app: ['rest', 'verified', 'custom', 'destination'],
  verified: ['destination'],
  rest: ['destination'],
  custom: ['destination'],
};

const generatorPath = (name: string) => generatorFile(name, 'index.js');

/**
 * A generator the environment imports when it creates it: in the bundle (scripts/bundle), each
 * generators/<name>/index.js is set up on its first require, so a run sets up only the generators it runs.
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
  if (existsSync(usage)) command.addHelpText('after', `\n${await usageText(usage)}`);
  if (name === 'app') command.addHelpText('after', `\n${generatorsHelp()}`);
  // options of a generator this one composes (--resources under yo dlt, --destination-host under
  // dlt:rest) pass through; the composing generator checks them against the composed one
  if (COMPOSES[name]) command.allowUnknownOption().allowExcessArguments();
  // registered by path, not looked up: a lookup names them after the package's folder, which is
  // only `generator-dlt` once installed
  for (const generator of GENERATORS) {
    if (generator !== name)
      command.env!.register(lazyGenerator(generator) as never, {
        namespace: `dlt:${generator}`,
        resolved: generatorPath(generator),
      });
  }
  await refuseUnknownOptions(command, name, argv.slice(2));
  // what commander itself refuses (an unknown short option, a missing value ...) is bad input too:
  // our message and exit 2, not its `error: ...` and exit 1
  command.configureOutput({ outputError: () => {} }).exitOverride((error) => {
    if (error.exitCode === 0) return;
    throw new UsageError(`${error.message.replace(/^error: /, '')}; see generator-dlt ${name} --help`);
  });
  await command.parseAsync(argv);
}

/** A generator's USAGE, with what it says of the performance settings taken from where they are defined. */
async function usageText(path: string): Promise<string> {
  const text = readFileSync(path, 'utf8');
  if (!text.includes('{performance-settings}')) return text;
  const { performanceSettingsInWords } = await import('../shared/project/performance-advice.js');
  return text.replaceAll('{performance-settings}', performanceSettingsInWords());
}

type PreparedCommand = Awaited<ReturnType<typeof prepareCommand>>;

/**
 * Refuses, before anything runs, the long options that neither this generator nor one it may
 * compose declares (commander would stop at the first with its own message and exit 1).
 */
async function refuseUnknownOptions(command: PreparedCommand, name: string, args: string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) return;
  const undeclared = undeclaredOptions(args, [...command.options, { long: '--help', short: '-h' }]);
  if (undeclared.short.length > 0) {
    throw new UsageError(
      `unknown option${undeclared.short.length > 1 ? 's' : ''} ${undeclared.short.join(', ')}; see generator-dlt ${name} --help`,
    );
  }
  let unknown = undeclared.long;
  if (unknown.length === 0) return;
  const known = command.options
    .filter((option) => !option.hidden && option.long)
    .map((option) => option.long!.slice(2));
  for (const composed of COMPOSES[name] ?? []) {
    if (unknown.length === 0) return;
    const declared = await optionsDeclaredBy(command.env!, `dlt:${composed}`);
    known.push(...declared.filter((option) => !known.includes(option)));
    unknown = unknown.filter(
      (option) => !declared.includes(option) && !declared.includes(option.replace(/^no-/, '')),
    );
  }
  if (unknown.length === 0) return;
  const composed = COMPOSES[name];
  const passedOn = composed
    ? ` (and generator-dlt ${composed.length > 1 ? `<${composed.join('|')}>` : composed[0]} --help for the options it passes on)`
    : '';
  throw new UsageError(`${unknownOptions(unknown, known)}; see generator-dlt ${name} --help${passedOn}`);
}

main(process.argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const exitCode = isUsageError(error) ? 2 : 1;
  process.stderr.write(`generator-dlt: ${message}\n`);
  // a script reading --json gets an object on stdout whatever happened
  // the last of --json and --no-json wins, as in the generators' own parsing
  const json = process.argv.findLast((arg) => arg === '--json' || arg === '--no-json') === '--json';
  if (json && !jsonSummaryPrinted())
    process.stdout.write(`${JSON.stringify({ error: message, exitCode })}\n`);
  process.exit(exitCode);
});
