import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import { removeStaleTemporaries, writeFileAtomically } from './atomic-write.js';
import { FileError } from './file-errors.js';
import { preflightWrites } from './preflight.js';
import { inFormOf } from './text-encoding.js';

export interface FileChange {
  /** Absolute path as the run names it. */
  path: string;
  /** The new contents; undefined deletes the file. */
  contents?: string | Uint8Array;
  /** Permissions for the file (see AtomicWriteOptions.mode). */
  mode?: number;
}

/**
 * Writes a run's files, all through the one atomic writer: every file is checked first (nothing is
 * written unless all can be), .gitignore goes first so that no new secret lands before its ignore
 * line, secrets.toml last. A failure part way (a disk filling up) names the file, what was written
 * and what was not; each file is either its old or its new self. A temporary file a killed run left
 * in a folder this run writes (it may hold secrets, and .gitignore does not know it) is removed.
 * A rewritten text file keeps its byte order mark and CRLF line ends (see inFormOf).
 */
export function writeProjectFiles(
  root: string,
  changes: readonly FileChange[],
  onWritten: (change: FileChange) => void = () => {},
): void {
  if (changes.length === 0) return;
  const targets = preflightWrites(
    root,
    changes.map((change) => ({ path: change.path, size: change.contents?.length ?? 0 })),
  );
  for (const folder of new Set([...targets.values()].map((target) => dirname(target)))) {
    removeStaleTemporaries(folder);
  }
  const ordered = [...changes].sort((a, b) => writeRank(a.path) - writeRank(b.path));
  const written: string[] = [];
  for (const [index, change] of ordered.entries()) {
    const target = targets.get(change.path) ?? change.path;
    try {
      if (change.contents === undefined) {
        rmSync(change.path, { recursive: true, force: true });
      } else {
        makeFolder(dirname(target));
        writeFileAtomically(target, inFormOf(readIfAny(target), change.contents), { mode: change.mode });
      }
    } catch (error) {
      const shown = (path: string) => relative(root, path) || path;
      const rest = ordered.slice(index + 1).map((other) => shown(other.path));
      throw new Error(
        [
          error instanceof Error ? error.message : String(error),
          written.length > 0 ? `Written before it: ${written.join(', ')}.` : 'Nothing was written.',
          rest.length > 0 ? `Not written: ${rest.join(', ')}.` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    }
    written.push(relative(root, change.path) || change.path);
    onWritten(change);
  }
}

/** .gitignore first, secrets files last, the others in between in the run's order. */
function writeRank(path: string): number {
  const name = basename(path);
  if (name === '.gitignore') return 0;
  if (name === 'secrets.toml') return 2;
  return 1;
}

/** The file's bytes, or undefined when there is none (or it cannot be read: the write then says why). */
export function readIfAny(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function makeFolder(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new FileError(folder, error);
  }
}
