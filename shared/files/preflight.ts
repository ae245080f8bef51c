import { accessSync, constants, type Stats, statfsSync, statSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { UsageError } from '../plan/errors.js';
import { explainFileError } from './file-errors.js';
import { resolveWriteTarget } from './write-target.js';

export interface PlannedWrite {
  /** Absolute path as the run names it (a link is resolved here). */
  path: string;
  /** Bytes to write; undefined for a file the run deletes. */
  size?: number;
}

/**
 * Checks, before the first write of a run, that every file it will change can be changed: no link
 * out of the project, no folder where a file goes, the file and its folder writable (the new file
 * is written beside the old one and renamed over it), its owner kept, room on the disk. Every
 * problem is reported at once (exit 2) and nothing is written. Returns each path's real target.
 */
export function preflightWrites(root: string, writes: readonly PlannedWrite[]): Map<string, string> {
  const targets = new Map<string, string>();
  const problems: string[] = [];
  const bytesByFolder = new Map<string, number>();
  for (const write of writes) {
    const shown = relative(root, write.path) || write.path;
    let target: string;
    try {
      target = resolveWriteTarget(root, write.path);
    } catch (error) {
      problems.push((error as Error).message.replace(/ Nothing was written\.$/, ''));
      continue;
    }
    targets.set(write.path, target);
    const problem = checkWritable(shown, target);
    if (problem) problems.push(problem);
    const folder = existingFolder(dirname(target));
    bytesByFolder.set(folder, (bytesByFolder.get(folder) ?? 0) + (write.size ?? 0));
  }
  if (problems.length === 0) problems.push(...checkSpace(bytesByFolder));
  if (problems.length > 0) {
    throw new UsageError(`${problems.join('\n')}\nNothing was written.`);
  }
  return targets;
}

function checkWritable(shown: string, target: string): string | undefined {
  const stat = statIfAny(target);
  if (stat?.isDirectory()) return explainFileError(shown, { code: 'EISDIR' });
  const folder = existingFolder(dirname(target));
  const folderStat = statIfAny(folder);
  if (folderStat && !folderStat.isDirectory()) return explainFileError(shown, { code: 'ENOTDIR' });
  try {
    if (stat) accessSync(target, constants.W_OK);
  } catch (error) {
    return explainFileError(shown, error);
  }
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EROFS') return explainFileError(shown, error);
    return (
      `cannot write ${shown}: its folder ${folder} is not writable (${code}); generator-dlt writes the ` +
      'new file beside the old one and renames it over it, so the folder must be writable. ' +
      'Make it writable for you (chmod u+w), then run again.'
    );
  }
  if (stat && !canKeepOwner(stat)) {
    return (
      `cannot write ${shown}: it belongs to another user or group (uid ${stat.uid}, gid ${stat.gid}), ` +
      'which a rewritten file would not keep. Run as its owner, or change its owner, then run again.'
    );
  }
  return undefined;
}

function canKeepOwner(stat: Stats): boolean {
  if (typeof process.getuid !== 'function' || process.getuid() === 0) return true;
  const groups = process.getgroups?.() ?? [];
  return stat.uid === process.getuid() && (stat.gid === process.getgid?.() || groups.includes(stat.gid));
}

/** Each file system must hold the new files beside the old ones until they are renamed. */
function checkSpace(bytesByFolder: ReadonlyMap<string, number>): string[] {
  const problems: string[] = [];
  for (const [folder, bytes] of bytesByFolder) {
    let free: number;
    try {
      const fs = statfsSync(folder);
      free = fs.bavail * fs.bsize;
    } catch {
      continue;
    }
    if (free < bytes) {
      problems.push(
        `cannot write in ${folder}: the disk is full (${free} bytes free, ${bytes} needed). Free some space, then run again.`,
      );
    }
  }
  return problems;
}

/** The folder itself, or the nearest existing folder above it (the run creates the others). */
function existingFolder(folder: string): string {
  let current = folder;
  while (!statIfAny(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

function statIfAny(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
