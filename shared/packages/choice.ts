import type { ProjectContext } from '../plan/context.js';
import { UsageError } from '../plan/errors.js';
import { notOneOf } from '../questions/did-you-mean.js';
import type { Question } from '../questions/question.js';
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
  throw new UsageError(`--package-manager: ${notOneOf(value, PACKAGE_MANAGERS)}. Nothing was written.`);
}

/** What choosing needs: the project, who asks, and what the run was given or remembers. */
export interface ChoiceContext extends Pick<ProjectContext, 'root' | 'canAsk' | 'ask'> {
  /** --package-manager, as given (undefined or '' when not). */
  given: unknown;
  /** The choice remembered in .yo-rc.json. */
  stored: unknown;
}

/** The question asked when the project's files do not settle it (the --package-manager option's prompt). */
export function packageManagerQuestion(message: string, choices: readonly PackageManager[]): Question {
  return {
    name: CONFIG_KEY,
    type: 'select',
    message,
    choices: choices.map((value) => ({ value, name: DESCRIPTIONS[value] })),
  };
}

async function ask(
  context: ChoiceContext,
  message: string,
  choices: readonly PackageManager[],
  initial: PackageManager | undefined,
): Promise<PackageManager> {
  return parseOption(await context.ask(packageManagerQuestion(message, choices), {}, initial));
}

/**
 * Decides the run's package manager, before anything is written: --package-manager, else the
 * project's own files, else the choice remembered in .yo-rc.json, else asks (an ambiguous project in
 * a run that cannot ask stops with exit 2 naming the option). A new project defaults to uv when it
 * is installed, else pip. Returns the choice and what the user should know about it.
 */
export async function choosePackageManager(
  context: ChoiceContext,
): Promise<{ choice: PackageManagerChoice; warnings: string[] }> {
  const warnings: string[] = [];
  const choice = await decide(context, detectPackageManager(context.root), warnings);
  return { choice, warnings };
}

async function decide(
  context: ChoiceContext,
  detection: Detection,
  warnings: string[],
): Promise<PackageManagerChoice> {
  const { root } = detection;
  const { given, stored } = context;
  if (given !== undefined && given !== null && given !== '') {
    const manager = parseOption(given);
    if (detection.kind === 'detected' && detection.manager !== manager) {
      warnings.push(
        `--package-manager ${manager}: the project's files say ${detection.manager} ` +
          `(${evidence(detection.signals)}); used ${manager} as asked.`,
      );
    }
    return { manager, root, source: 'option' };
  }
  if (detection.kind === 'detected') {
    if (isPackageManager(stored) && stored !== detection.manager) {
      warnings.push(
        `.yo-rc.json says ${CONFIG_KEY} ${stored}, but the project's files say ${detection.manager} ` +
          `(${evidence(detection.signals)}); used ${detection.manager}. Pass --package-manager to choose.`,
      );
    }
    return { manager: detection.manager, root, source: 'detected' };
  }
  if (isPackageManager(stored)) return { manager: stored, root, source: 'stored' };
  if (detection.kind === 'ambiguous') {
    if (!context.canAsk) {
      throw new UsageError(
        `Cannot tell which Python package manager ${root} uses: ${detection.reason}. Nothing was written.\n` +
          `  Choose with --package-manager ${detection.candidates.join('|')} (remembered in .yo-rc.json), ` +
          'or run in a terminal to be asked.',
      );
    }
    const message = `Which package manager does this project use? (${detection.reason})`;
    return { manager: await ask(context, message, detection.candidates, undefined), root, source: 'asked' };
  }
  const fallback: PackageManager = findExecutable('uv') ? 'uv' : 'pip';
  if (!context.canAsk) return { manager: fallback, root, source: 'default' };
  const message = 'No Python project here yet. Which package manager should it use?';
  return { manager: await ask(context, message, PACKAGE_MANAGERS, fallback), root, source: 'asked' };
}
