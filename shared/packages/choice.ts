import { UsageError } from '../plan/errors.js';
import type { DltGenerator } from '../shell/dlt-generator.js';
import {
  type Detection,
  detectPackageManager,
  isPackageManager,
  PACKAGE_MANAGERS,
  type PackageManager,
  type Signal,
} from './detect.js';
import { findExecutable } from './tools.js';

/** Where the run's package manager came from; only `detected` is not remembered in .yo-rc.json. */
export type ChoiceSource = 'option' | 'detected' | 'stored' | 'asked' | 'default';

export interface PackageManagerChoice {
  manager: PackageManager;
  /** The project root: where the manifest is and where the tool runs. */
  root: string;
  source: ChoiceSource;
}

/** The .yo-rc.json key, the same name as the --package-manager option. */
export const CONFIG_KEY = 'packageManager';
const STATE_KEY = 'package-manager';

const DESCRIPTIONS: Record<PackageManager, string> = {
  uv: 'uv (pyproject.toml + uv.lock)',
  poetry: 'Poetry (pyproject.toml + poetry.lock)',
  pipenv: 'Pipenv (Pipfile + Pipfile.lock)',
  pdm: 'PDM (pyproject.toml + pdm.lock)',
  pip: 'pip (requirements.txt + a virtualenv)',
};

function evidence(signals: readonly Signal[]): string {
  return signals.map((signal) => signal.evidence).join(', ');
}

function parseOption(value: unknown): PackageManager {
  const manager = String(value).trim().toLowerCase();
  if (isPackageManager(manager)) return manager;
  throw new UsageError(
    `--package-manager: "${String(value)}" is not one of: ${PACKAGE_MANAGERS.join(', ')}. Nothing was written.`,
  );
}

async function ask(
  generator: DltGenerator,
  message: string,
  choices: readonly PackageManager[],
  initial: PackageManager | undefined,
): Promise<PackageManager> {
  const reply = await generator.prompt<{ packageManager: string }>([
    {
      type: 'select',
      name: 'packageManager',
      message,
      choices: choices.map((value) => ({ value, name: DESCRIPTIONS[value] })),
      default: initial,
    } as never,
  ]);
  return parseOption(reply.packageManager);
}

async function decide(generator: DltGenerator, detection: Detection): Promise<PackageManagerChoice> {
  const { root } = detection;
  const given = generator.options.packageManager;
  if (given !== undefined && given !== null && given !== '') {
    const manager = parseOption(given);
    if (detection.kind === 'detected' && detection.manager !== manager) {
      generator.state.warnings.push(
        `--package-manager ${manager}: the project's files say ${detection.manager} ` +
          `(${evidence(detection.signals)}); used ${manager} as asked.`,
      );
    }
    return { manager, root, source: 'option' };
  }
  const stored = generator.config.get(CONFIG_KEY);
  if (detection.kind === 'detected') {
    if (isPackageManager(stored) && stored !== detection.manager) {
      generator.state.warnings.push(
        `.yo-rc.json says ${CONFIG_KEY} ${stored}, but the project's files say ${detection.manager} ` +
          `(${evidence(detection.signals)}); used ${detection.manager}. Pass --package-manager to choose.`,
      );
    }
    return { manager: detection.manager, root, source: 'detected' };
  }
  if (isPackageManager(stored)) return { manager: stored, root, source: 'stored' };
  if (detection.kind === 'ambiguous') {
    if (!generator.canAsk) {
      throw new UsageError(
        `Cannot tell which Python package manager ${root} uses: ${detection.reason}. Nothing was written.\n` +
          `  Choose with --package-manager ${detection.candidates.join('|')} (remembered in .yo-rc.json), ` +
          'or run in a terminal to be asked.',
      );
    }
    const message = `Which package manager does this project use? (${detection.reason})`;
    return { manager: await ask(generator, message, detection.candidates, undefined), root, source: 'asked' };
  }
  const fallback: PackageManager = findExecutable('uv') ? 'uv' : 'pip';
  if (!generator.canAsk) return { manager: fallback, root, source: 'default' };
  const message = 'No Python project here yet. Which package manager should it use?';
  return { manager: await ask(generator, message, PACKAGE_MANAGERS, fallback), root, source: 'asked' };
}

/**
 * Decides the run's package manager once, in the prompting phase, before anything is written:
 * --package-manager, else the project's own files, else the choice remembered in .yo-rc.json, else
 * asks (an ambiguous project in a run that cannot ask stops with exit 2 naming the option). A new
 * project defaults to uv when it is installed, else pip.
 */
export async function choosePackageManager(generator: DltGenerator): Promise<void> {
  const { state } = generator;
  if (state.shared.has(STATE_KEY)) return;
  const choice = await decide(generator, detectPackageManager(generator.destinationRoot()));
  state.shared.set(STATE_KEY, choice);
  state.packageManager = choice.manager;
  if (choice.source !== 'detected' && choice.source !== 'stored' && !generator.isDryRun) {
    generator.config.set(CONFIG_KEY, choice.manager);
  }
}

/** The run's choice; choosePackageManager must have run. */
export function packageManagerChoice(generator: DltGenerator): PackageManagerChoice {
  const choice = generator.state.shared.get(STATE_KEY) as PackageManagerChoice | undefined;
  if (!choice) throw new Error('choosePackageManager() has not run in this run');
  return choice;
}
