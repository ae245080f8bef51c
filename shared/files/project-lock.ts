import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { UsageError } from '../plan/errors.js';
import { explainFileError, FileError } from './file-errors.js';
import { isProcessAlive } from './processes.js';
import { resolveWriteTarget } from './write-target.js';

export const LOCK_FILE = '.dlt/.generator-dlt.lock';

interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

export interface ProjectLock {
  /** Removes the lock file (and the .dlt folder when the lock created it and it stayed empty). */
  release(): void;
}

export interface LockOptions {
  /** How long to wait for another run to finish before giving up (ms). */
  waitMs?: number;
  pollMs?: number;
}

/** Lock files this process holds: a lock naming our own pid that is not here was left by a crash. */
const held = new Set<string>();

/**
 * Takes the project's lock so that two runs never change one project at once (the second would
 * read files the first is about to replace, and one's changes would be lost). The lock is a file
 * created exclusively under .dlt/, holding the owner's pid, host and start time. A lock whose
 * process is gone (same host) is stale and taken over; a live one is waited for briefly, then the
 * run stops with exit 2 saying who holds it.
 */
export async function lockProject(root: string, options: LockOptions = {}): Promise<ProjectLock> {
  const { waitMs = 5000, pollMs = 100 } = options;
  const path = resolveWriteTarget(root, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  let createdFolder: boolean;
  for (;;) {
    // made again each time: the run we waited for removes a .dlt folder it created
    try {
      createdFolder = mkdirSync(dirname(path), { recursive: true }) !== undefined;
      if (tryCreate(path)) break;
    } catch (error) {
      throw new UsageError(
        `${explainFileError(LOCK_FILE, error)} (It is the project lock.) Nothing was written.`,
      );
    }
    const owner = readOwner(path);
    if (owner === 'gone') continue;
    if (isStale(path, owner)) {
      removeStale(path, owner);
      continue;
    }
    if (Date.now() >= deadline) throw heldBy(owner);
    await new Promise((done) => setTimeout(done, pollMs));
  }
  held.add(path);
  const release = () => {
    if (!held.delete(path)) return;
    rmSync(path, { force: true });
    if (createdFolder) removeIfEmpty(dirname(path));
    process.off('exit', release);
  };
  process.once('exit', release);
  return { release };
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOENT') return false;
    throw error;
  }
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  writeSync(fd, `${JSON.stringify(owner)}\n`);
  closeSync(fd);
  return true;
}

type Owner = LockOwner | 'unreadable';

/** The lock's owner: 'gone' when the lock was just released, 'unreadable' when it is not ours. */
function readOwner(path: string): Owner | 'gone' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw new FileError(path, error, 'read');
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return Number.isInteger(owner.pid) ? owner : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** How long a run may take between creating its lock file and writing its pid into it. */
const FILL_MS = 2000;

function isStale(path: string, owner: Owner): boolean {
  if (owner === 'unreadable') return ageMs(path) > FILL_MS;
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return !held.has(path);
  return !isProcessAlive(owner.pid);
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Takes a stale lock away: moved aside first, so that a run which took it over meanwhile (and wrote
 * its own owner) gets it back instead of losing it.
 */
function removeStale(path: string, stale: Owner): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  if (JSON.stringify(readOwner(aside)) !== JSON.stringify(stale)) {
    try {
      linkSync(aside, path);
    } catch {
      // another run holds a new lock already
    }
  }
  rmSync(aside, { force: true });
}

function heldBy(owner: Owner): UsageError {
  const who = owner === 'unreadable' ? '' : ` (pid ${owner.pid} on ${owner.host}, since ${owner.started})`;
  return new UsageError(
    `another generator-dlt run${who} is changing this project; nothing was written. Wait for it to ` +
      `finish and run again. If no such run exists, remove ${LOCK_FILE}.`,
  );
}

function removeIfEmpty(folder: string): void {
  try {
    rmdirSync(folder);
  } catch {
    // not empty: the run wrote into it
  }
}
