import { DEFAULT_PYTHON } from './actions.js';

/**
 * The Python a workflow sets up when the project has no .python-version (which setup-python and uv
 * read themselves): the version of the interpreter the project's environment was made with (its
 * pyvenv.cfg: `version` from venv, `version_info` from uv), else the lowest that requires-python in
 * pyproject.toml allows, else DEFAULT_PYTHON. The CI runs what the project was built and tried on.
 */
export function workflowPythonVersion(project: { pyvenvCfg?: string; requiresPython?: string }): string {
  return (
    (project.pyvenvCfg && minorVersion(/^\s*version(?:_info)?\s*=\s*(\S+)/m.exec(project.pyvenvCfg)?.[1])) ||
    (project.requiresPython && lowestAllowed(project.requiresPython)) ||
    DEFAULT_PYTHON
  );
}

/** `3.11.7` -> `3.11` (a minor version: the runner takes the newest patch release). */
function minorVersion(version: string | undefined): string | undefined {
  return /^(3\.\d+)/.exec(version ?? '')?.[1];
}

/** The lower bound of a PEP 440 specifier set such as `>=3.11,<3.15` or `~=3.12` or `==3.12.*`. */
function lowestAllowed(specifiers: string): string | undefined {
  for (const specifier of specifiers.split(',')) {
    const match = /^\s*(>=|~=|==)\s*(3\.\d+)/.exec(specifier);
    if (match) return match[2];
  }
  return undefined;
}
