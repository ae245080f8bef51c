import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

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
 * A project folder as the workspace decision sees it: a workspace already; new (no .dlt folder and
 * no pipeline script: nothing has run from it yet); or a project that keeps dlt's per-user layout.
 */
export type ProjectLayout = 'workspace' | 'new' | 'plain';

export function projectLayout(files: { exists(path: string): boolean; names(): string[] }): ProjectLayout {
  if (files.exists(WORKSPACE_MARKER)) return 'workspace';
  if (files.exists('.dlt') || files.names().some((name) => name.endsWith('_pipeline.py'))) return 'plain';
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
