import type { DltGenerator } from './dlt-generator.js';

/**
 * The one install step of a run. Placeholder wiring until the package-manager module lands:
 * it only records what would be installed.
 */
export async function runInstallStep(generator: DltGenerator): Promise<void> {
  const { state } = generator;
  if (state.installDone) return;
  state.installDone = true;
  if (state.requirements.length === 0) return;
  state.installCommand = `pip install ${state.requirements.join(' ')}`;
}

/** Decides the run's package manager once, in the prompting phase. Interim: the option or pip. */
export async function choosePackageManager(generator: DltGenerator): Promise<void> {
  const { state } = generator;
  state.packageManager ??= String(generator.options.packageManager ?? 'pip');
}
