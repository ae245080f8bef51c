import { parse } from 'smol-toml';

/** The value dlt itself writes for a setting the user still has to fill in. */
export const PLACEHOLDER = '<configure me>';

export interface Placeholder {
  file: string;
  table: string;
  key: string;
}

export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && /^<[^<>]*>$/.test(value.trim());
}

function parseOrEmpty(text: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Every placeholder value left in a TOML document, by table and key. Unparseable text yields none. */
export function findPlaceholders(file: string, text: string): Placeholder[] {
  return placeholdersIn(file, parseOrEmpty(text));
}

function placeholdersIn(file: string, document: Record<string, unknown>): Placeholder[] {
  const found: Placeholder[] = [];
  const walk = (node: Record<string, unknown>, path: string[]) => {
    for (const [key, value] of Object.entries(node)) {
      if (isPlaceholder(value)) found.push({ file, table: path.join('.'), key });
      else if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
        walk(value as Record<string, unknown>, [...path, key]);
      }
    }
  };
  walk(document, []);
  return found;
}

/**
 * The placeholders of config.toml and secrets.toml that are still to fill in: one whose key the
 * other file sets to a real value is not (dlt finds that value).
 */
export function unfilledPlaceholders(files: readonly { file: string; text: string }[]): Placeholder[] {
  const documents = files.map(({ text }) => parseOrEmpty(text));
  const valueAt = (document: Record<string, unknown>, path: string[]) =>
    path.reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      document,
    );
  return files.flatMap(({ file }, index) =>
    placeholdersIn(file, documents[index]!).filter((placeholder) => {
      const path = [...(placeholder.table ? placeholder.table.split('.') : []), placeholder.key];
      return !documents.some((other, otherIndex) => {
        if (otherIndex === index) return false;
        const value = valueAt(other, path);
        return value !== undefined && !isPlaceholder(value);
      });
    }),
  );
}
