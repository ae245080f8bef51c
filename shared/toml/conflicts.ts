import type { TomlChange } from '../plan/run-state.js';
import type { TomlEntry } from './entry.js';
import type { TomlConflict } from './writer.js';

/** What deciding a TOML conflict needs: --force, whether anyone can be asked, and who asks. */
export interface ConflictContext {
  readonly force: boolean;
  readonly canAsk: boolean;
  /** Asks whether to take the new value over the user's (the shell's conflict prompt). */
  askTake(file: string, conflict: TomlConflict): Promise<boolean>;
}

/**
 * Decides each conflict of a TOML merge: a value written earlier in this same run (`earlier`) is
 * replaced (it is not the user's), and so is one the entry is asked to replace; with --force the new value is taken; in a terminal the user is
 * asked, key by key; otherwise the user's value is kept (and the summary reports it).
 */
export async function decideConflicts(
  context: ConflictContext,
  file: string,
  conflicts: readonly TomlConflict[],
  earlier: readonly TomlChange[],
): Promise<Map<TomlEntry, boolean>> {
  const decisions = new Map<TomlEntry, boolean>();
  for (const conflict of conflicts) {
    let take = false;
    if (conflict.entry.replace || writtenThisRun(earlier, file, conflict.entry) || context.force) take = true;
    else if (context.canAsk) take = await context.askTake(file, conflict);
    decisions.set(conflict.entry, take);
  }
  return decisions;
}

function writtenThisRun(earlier: readonly TomlChange[], file: string, entry: TomlEntry): boolean {
  const table = entry.table.join('.');
  return earlier.some(
    (change) =>
      change.file === file &&
      change.table === table &&
      change.key === entry.key &&
      (change.action === 'added' || change.action === 'updated'),
  );
}
