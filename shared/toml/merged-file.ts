import { existsSync, readFileSync, type Stats } from 'node:fs';
import { type FileAction, recordFile } from '../plan/run-state.js';
import type { DltGenerator } from '../shell/dlt-generator.js';

/**
 * Writes a file that one of the merging writers (TOML, .gitignore) produced from the user's own
 * file. The merge already decided every conflict, so Yeoman's conflicter must not ask about the
 * whole file again: the file is marked 'force' (except in a dry run, where Yeoman shows the diff).
 */
export function writeMergedFile(
  generator: DltGenerator,
  relativePath: string,
  contents: string,
  options: { mode?: number } = {},
): void {
  const path = generator.destinationPath(relativePath);
  const stat = options.mode === undefined ? undefined : ({ mode: options.mode } as Stats);
  generator.fs.write(path, contents, stat ? { stat } : undefined);
  // a new file is created without a question anyway; only an existing one would be asked about
  if (!generator.isDryRun && existsSync(path)) {
    const file = generator.fs.store.get(path) as unknown as { conflicter?: string };
    file.conflicter = 'force';
  }
  recordFile(generator.state, relativePath, diskAction(path, contents));
}

function diskAction(path: string, contents: string): FileAction {
  if (!existsSync(path)) return 'create';
  return readFileSync(path, 'utf8') === contents ? 'identical' : 'update';
}

/** The file's text as this run sees it (earlier writes of the run included), or undefined. */
export function readProjectFile(generator: DltGenerator, relativePath: string): string | undefined {
  const path = generator.destinationPath(relativePath);
  return generator.fs.exists(path) ? (generator.fs.read(path) ?? '') : undefined;
}
