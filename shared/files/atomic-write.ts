import {
  closeSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FileError } from './file-errors.js';
import { isProcessAlive } from './processes.js';

export interface AtomicWriteOptions {
  /**
   * The file's permissions, set on the temporary file when it is created (so a secrets file is 0600
   * from its first byte). Default: an existing file's own mode, else 0666 less the umask.
   */
  mode?: number;
}

const TEMPORARY = /^\.(.+)\.(\d+)\.generator-dlt\.tmp$/;

/** The temporary file beside `path` that this process writes before renaming it over `path`. */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.generator-dlt.tmp`);
}

/**
 * Writes a file so that it is never seen half-written, even after a full disk or a kill -9: the
 * contents go to a temporary file in the same folder, which is flushed to disk (fsync) and then
 * renamed over the file. An existing file keeps its mode, owner and group. `path` must be the real
 * file (see resolveWriteTarget): a symbolic link would be replaced, not followed.
 * Throws a FileError naming the file; the file is then unchanged.
 */
export function writeFileAtomically(
  path: string,
  contents: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const existing = statIfExists(path);
  if (existing?.isDirectory()) throw new FileError(path, Object.assign(new Error(), { code: 'EISDIR' }));
  const mode = options.mode ?? (existing ? existing.mode & 0o7777 : undefined);
  const temporary = temporaryPathFor(path);
  let fd: number | undefined;
  try {
    rmSync(temporary, { force: true });
    // 'wx': never through a file or link someone put there; umask applies to the default 0666
    fd = openSync(temporary, 'wx', mode ?? 0o666);
    if (mode !== undefined) fchmodSync(fd, mode);
    if (existing) keepOwner(fd, existing);
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
    for (let written = 0; written < bytes.length; ) {
      written += writeSync(fd, bytes, written, bytes.length - written);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    throw error instanceof FileError ? error : new FileError(path, error);
  }
  syncFolder(dirname(path));
}

/** Gives the new file the old one's owner and group (only root may give it to another user). */
function keepOwner(fd: number, existing: Stats): void {
  const created = fstatSync(fd);
  if (created.uid !== existing.uid || created.gid !== existing.gid)
    fchownSync(fd, existing.uid, existing.gid);
}

/** Makes the rename itself durable; some file systems refuse to fsync a folder, which is harmless. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // not supported here (Windows, some network file systems): the rename is done regardless
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function statIfExists(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new FileError(path, error);
  }
}

/**
 * Removes the temporary files that a killed run (kill -9, power loss) left in a folder: they may
 * hold secrets, and .gitignore does not know them. Only those of processes no longer running.
 */
export function removeStaleTemporaries(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (!match || isProcessAlive(Number(match[2]))) continue;
    rmSync(join(folder, name), { force: true });
  }
}
