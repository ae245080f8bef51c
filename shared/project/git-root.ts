import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The git repository a folder is in (the nearest folder upwards holding .git), if any. */
export function gitRoot(start: string): string | undefined {
  for (let folder = resolve(start); ; folder = dirname(folder)) {
    if (existsSync(join(folder, '.git'))) return folder;
    if (dirname(folder) === folder) return undefined;
  }
}
