import type { RunState } from '../plan/run-state.js';
import type { TomlEntry, TomlValue } from '../toml/entry.js';
import { formatTomlValue } from '../toml/format.js';
import type { TomlConflict } from '../toml/writer.js';
import type { DltGenerator } from './dlt-generator.js';

/**
 * Decides each conflict of a TOML merge: a value written earlier in this same run is replaced (it
 * is not the user's); with --force the new value is taken; in a terminal the user is asked, key by
 * key; otherwise the user's value is kept (and the summary reports it).
 */
export async function decideConflicts(
  generator: DltGenerator,
  file: string,
  conflicts: readonly TomlConflict[],
): Promise<Map<TomlEntry, boolean>> {
  const decisions = new Map<TomlEntry, boolean>();
  for (const conflict of conflicts) {
    let take = false;
    if (writtenThisRun(generator.state, file, conflict.entry) || generator.options.force) take = true;
    else if (generator.canAsk) take = await askTake(generator, file, conflict);
    decisions.set(conflict.entry, take);
  }
  return decisions;
}

function writtenThisRun(state: RunState, file: string, entry: TomlEntry): boolean {
  const table = entry.table.join('.');
  return state.toml.some(
    (change) =>
      change.file === file &&
      change.table === table &&
      change.key === entry.key &&
      (change.action === 'added' || change.action === 'updated'),
  );
}

async function askTake(
  generator: DltGenerator,
  file: string,
  { entry, existing }: TomlConflict,
): Promise<boolean> {
  const where = `${file} [${entry.table.join('.')}] ${entry.key}`;
  for (;;) {
    const { action } = await generator.prompt<{ action: 'keep' | 'take' | 'show' }>([
      {
        type: 'select',
        name: 'action',
        message: `${where} already has a different value.`,
        choices: [
          { value: 'keep', name: 'Keep mine' },
          { value: 'take', name: 'Take the new value' },
          { value: 'show', name: 'Show both' },
        ],
        default: 'keep',
      },
    ]);
    if (action !== 'show') return action === 'take';
    generator.log(`  yours: ${shown(existing, entry.secret)}\n  new:   ${shown(entry.value, entry.secret)}`);
  }
}

/** A value as the user may see it: a secret only by its length, never its text. */
export function shown(value: unknown, secret: boolean): string {
  if (secret) return `(secret, ${String(value).length} characters)`;
  if (value instanceof Date) return value.toISOString();
  try {
    return formatTomlValue(value as TomlValue);
  } catch {
    return String(value);
  }
}
