/**
 * What one `yo` run has done so far, shared by every generator composed into it, so that the
 * install step and the end-of-run summary happen once, for all of them.
 */
export interface PipelineInfo {
  name: string;
  script: string;
  datasetName?: string;
  destination?: string;
}

/**
 * `kept`: the file would have changed and was left as the user had it (they answered "do not
 * overwrite", or, with no terminal to ask, their edits are kept and a warning says so).
 */
export type FileAction = 'create' | 'update' | 'identical' | 'kept';

export interface TomlChange {
  file: string;
  table: string;
  key: string;
  action: 'added' | 'kept' | 'updated' | 'conflict';
}

export interface RunState {
  files: Map<string, FileAction>;
  toml: TomlChange[];
  /** Python requirements every generator of the run asked for, in order. */
  requirements: string[];
  devRequirements: string[];
  pipelines: PipelineInfo[];
  warnings: string[];
  /** What the run found out about the API it reads (the probe's findings), one line per resource. */
  detected: string[];
  /** Commands the user should run next, e.g. the install command when --skip-install was given. */
  nextSteps: string[];
  packageManager?: string;
  installCommand?: string;
  /** How to run a script in the project's environment: `uv run python`, `.venv/bin/python`... */
  runPrefix?: string;
  installed: boolean;
  installDone: boolean;
  summaryDone: boolean;
  /** The project is a dlt workspace (it has, or this run writes, .dlt/.workspace); settled once per run. */
  workspace?: boolean;
  /** --profile: the workspace profile whose .dlt files get this run's settings and secrets. */
  profile?: string;
  /** Free-form data one generator leaves for another (keyed by its namespace). */
  shared: Map<string, unknown>;
}

const states = new WeakMap<object, RunState>();

export function runState(environment: object): RunState {
  let state = states.get(environment);
  if (!state) {
    state = {
      files: new Map(),
      toml: [],
      requirements: [],
      devRequirements: [],
      pipelines: [],
      warnings: [],
      detected: [],
      nextSteps: [],
      installed: false,
      installDone: false,
      summaryDone: false,
      shared: new Map(),
    };
    states.set(environment, state);
  }
  return state;
}

export function recordFile(state: RunState, path: string, action: FileAction): void {
  const previous = state.files.get(path);
  // a file created earlier in this run stays "created" whatever later generators do to it
  if (previous === 'create') return;
  state.files.set(path, action);
}
