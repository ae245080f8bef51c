import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { PackageManager } from './detect.js';

/** How to get each tool when it is missing. */
export const HOW_TO_INSTALL: Record<PackageManager | 'python3', string> = {
  uv: 'install uv: https://docs.astral.sh/uv/getting-started/installation/ (e.g. `pipx install uv`)',
  poetry: 'install Poetry: https://python-poetry.org/docs/#installation (e.g. `pipx install poetry`)',
  pipenv: 'install Pipenv: https://pipenv.pypa.io/en/latest/installation.html (e.g. `pipx install pipenv`)',
  pdm: 'install PDM: https://pdm-project.org/en/latest/#installation (e.g. `pipx install pdm`)',
  pip: 'install Python 3 (https://www.python.org/downloads/) so that `python3` is on PATH',
  python3: 'install Python 3 (https://www.python.org/downloads/) so that `python3` is on PATH',
};

/** The files each tool itself writes when it adds requirements (for the summary of what changed). */
export const TOOL_MANIFESTS: Record<PackageManager, string[]> = {
  uv: ['pyproject.toml', 'uv.lock'],
  poetry: ['pyproject.toml', 'poetry.lock'],
  pipenv: ['Pipfile', 'Pipfile.lock'],
  pdm: ['pyproject.toml', 'pdm.lock'],
  pip: [],
};

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The full path of a program as the shell would find it on PATH, or undefined. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (name.includes('/') || name.includes('\\')) return isExecutableFile(name) ? name : undefined;
  const extensions =
    process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';')] : [''];
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (folder === '') continue;
    for (const extension of extensions) {
      const candidate = join(folder, name + extension);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}
