import type { Ask } from '../questions/question.js';
import type { TomlValue } from '../toml/entry.js';
import { formatTomlValue } from '../toml/format.js';
import type { TomlConflict } from '../toml/writer.js';

/** The question asked about a TOML key that has a different value already. */
export function tomlConflictQuestion(where: string) {
  return {
    name: 'action',
    type: 'select',
    message: `${where} already has a different value.`,
    choices: [
      { value: 'keep', name: 'Keep mine' },
      { value: 'take', name: 'Take the new value' },
      { value: 'show', name: 'Show both' },
    ],
  } as const;
}

/** Asks whether to take the new value of a TOML key over the user's; "show" prints both and asks again. */
export async function askTakeNewValue(
  ask: Ask,
  log: (message: string) => void,
  file: string,
  { entry, existing }: TomlConflict,
): Promise<boolean> {
  const question = tomlConflictQuestion(`${file} [${entry.table.join('.')}] ${entry.key}`);
  for (;;) {
    const action = await ask(question, {}, 'keep');
    if (action !== 'show') return action === 'take';
    log(`  yours: ${shown(existing, entry.secret)}\n  new:   ${shown(entry.value, entry.secret)}`);
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
