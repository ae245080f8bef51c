import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, posix } from 'node:path';
import { LOCK_FILE } from '../files/project-lock.js';

/**
 * dlt workspaces (dlt 1.31, checked on the installed version): a folder holding `.dlt/.workspace`
 * (an empty file, as `dlthub init` writes it) is a workspace when dlt runs from it. dlt then keeps
 * pipeline state in `.dlt/state/<profile>/pipelines/`, local data (DuckDB files) in
 * `.dlt/data/<profile>/`, and reads `.dlt/<profile>.secrets.toml` / `.dlt/<profile>.config.toml`
 * before the plain files. The profile is `dev` unless WORKSPACE__PROFILE or a pin
 * (`dlthub local profile use <name>`, written to .dlt/profile-name) says otherwise. The `dlt`
 * console command refuses to run in a workspace and points to `dlthub` (`dlthub local pipeline show
 * <name>` is the dashboard); run from another folder, dlt sees no workspace (nor the project's .dlt).
 */
export const WORKSPACE_MARKER = '.dlt/.workspace';
export const DEFAULT_PROFILE = 'dev';

/**
 * A folder of the project as dlt must be given it in a workspace: dlt resolves a relative local path
 * (a filesystem bucket_url) in `.dlt/data/<profile>/`, not in the project (checked on dlt 1.31:
 * `data` was read from .dlt/data/dev/data, and nothing loaded), so it is written relative to that
 * folder, which is three levels down whatever the profile. URLs and absolute paths pass unchanged.
 * The same on every dlt the requirements allow (DLT_FLOOR, 1.27.2, on): dlt 1.26 resolved it from
 * `_local/<profile>/`, two levels down, so this form landed beside the project there.
 */
export function projectPathForWorkspace(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/') || path.startsWith('~')) return path;
  return posix.join('../../..', path);
}

/**
 * A project folder as the workspace decision sees it: a workspace already; new (nothing in .dlt but
 * this run's lock, and no pipeline script: nothing has run from it yet); or a project that keeps
 * dlt's per-user layout. `list` names the entries of a folder of the project ([] when absent).
 */
export type ProjectLayout = 'workspace' | 'new' | 'plain';

export function projectLayout(files: {
  exists(path: string): boolean;
  list(dir: string): string[];
}): ProjectLayout {
  if (files.exists(WORKSPACE_MARKER)) return 'workspace';
  const lock = basename(LOCK_FILE);
  if (files.list('.dlt').some((name) => name !== lock)) return 'plain';
  if (files.list('.').some((name) => name.endsWith('_pipeline.py'))) return 'plain';
  return 'new';
}

/**
 * Where dlt keeps pipeline state outside a workspace (dlt's global_dir(), plus DLT_DATA_DIR): as
 * root /var/dlt; else $XDG_DATA_HOME/dlt when set and ~/.dlt does not exist; else ~/.dlt.
 */
export function userPipelinesDir(
  env: NodeJS.ProcessEnv = process.env,
  isRoot = process.getuid?.() === 0,
  home = homedir(),
): string {
  const dataDir = env.DLT_DATA_DIR
    ? env.DLT_DATA_DIR
    : isRoot
      ? '/var/dlt'
      : env.XDG_DATA_HOME && !existsSync(join(home, '.dlt'))
        ? join(env.XDG_DATA_HOME, 'dlt')
        : join(home, '.dlt');
  return join(dataDir, 'pipelines');
}

/** The warning for a project that keeps the per-user layout when dlt has state for its pipeline name there. */
export function sharedStateWarning(pipelineName: string, pipelinesDir: string): string | undefined {
  const folder = join(pipelinesDir, pipelineName);
  if (!existsSync(folder)) return undefined;
  return (
    `dlt already keeps state for a pipeline named ${pipelineName} in ${folder} (another project, or an ` +
    `earlier run): this project's runs will resume it, and load where it loaded. Make this project a dlt ` +
    `workspace (run again with --workspace) so that it keeps its own state in .dlt/state, or choose another pipeline name.`
  );
}
