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

/** Every placeholder value left in a TOML document, by table and key. Unparseable text yields none. */
export function findPlaceholders(file: string, text: string): Placeholder[] {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch {
    return [];
  }
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
