/**
 * Every place generator-dlt reaches into Yeoman beyond its documented API, in one module, each with
 * why (checked with yeoman-generator 8.4 and yeoman-environment 6.3). When Yeoman changes, this is
 * the file to look at.
 */

/** How yeoman-environment's conflicter is set up for the run (from --force, --bail, --skip-yo-resolve). */
export interface ConflicterSettings {
  force?: boolean;
  /** The conflicter prints a diff of each changed file instead of writing (--dry-run). */
  dryRun?: boolean;
  bail?: boolean;
  skipYoResolve?: boolean;
}

/**
 * `env.conflicterOptions`: not part of the environment's typed API. It is the only place that says
 * whether --force reached the environment (yo passes it there, not always to the generator).
 */
export function conflicterSettings(env: object): ConflicterSettings {
  return (env as { conflicterOptions?: ConflicterSettings }).conflicterOptions ?? {};
}

/**
 * `env.options.dryRun`: yeoman-test and `yo --dry-run` set it on the environment; a composed
 * generator does not always get it as its own option.
 */
export function environmentDryRun(env: object): boolean | undefined {
  return (env as { options?: { dryRun?: boolean } }).options?.dryRun;
}

/**
 * `generator._options`: the options a generator declared with `this.option()` (kebab-case keys).
 * Yeoman keeps no public list of them; they tell a composed generator's options from a typo.
 */
export function declaredOptionNames(generator: unknown): string[] {
  return Object.keys((generator as { _options?: Record<string, unknown> } | undefined)?._options ?? {});
}

/**
 * The options the generator `namespace` declares, read from an instance built for that only:
 * `help` keeps it from setting anything up (no lock, no questions).
 */
export async function optionsDeclaredBy(
  env: { create(namespace: string, options: object): Promise<unknown> },
  namespace: string,
): Promise<string[]> {
  const generator = await env.create(namespace, {
    generatorArgs: [],
    generatorOptions: { fromApp: true, help: true },
  });
  return declaredOptionNames(generator);
}

/**
 * `generator._initOptions`: the options the generator was created with by the environment
 * (resolved, namespace, env ...). They are not the user's, so they never pass through to a
 * composed generator.
 */
export function initOptionNames(generator: unknown): string[] {
  return Object.keys(
    (generator as { _initOptions?: Record<string, unknown> } | undefined)?._initOptions ?? {},
  );
}

/**
 * `fs.store.get(path).conflicter = 'force'`: the per-file form of a `.yo-resolve` entry, which
 * yeoman-environment's conflicter reads from the pending file in mem-fs. Set on a file whose every
 * conflict generator-dlt decided itself (a merged TOML or .gitignore, an edit the user asked for),
 * so that Yeoman does not ask about the whole file again.
 */
export function markConflictDecided(fs: { store: { get(path: string): unknown } }, path: string): void {
  (fs.store.get(path) as { conflicter?: string }).conflicter = 'force';
}
