/**
 * The V8 code caches bin/generator-dlt.cts runs the bundle from: one file per kind of run, in the
 * user's cache folder, each the code V8 held after a run of that kind that succeeded. A file
 * starts with a header: a mark, a CRC-32 of the code, and the size and modification time of the
 * bundle it was made from. V8 itself checks only its own header and the source's length, and a
 * damaged body crashes it on every run after; a bundle edited in place keeps its hash line. Any
 * file that does not match is not used, and the run writes it again. Whatever goes wrong here
 * (no home folder, a read-only or full disk, another user's folder) only means no cache.
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { crc32 } from 'node:zlib';

const MARK = Buffer.from('gdlt-v8\n');
const HEADER_BYTES = MARK.length + 4 + 8 + 8;
const DAY_MS = 24 * 3600 * 1000;
/** A cache unused this long is removed (one in use is touched once a day). */
const UNUSED_MS = 7 * DAY_MS;

/** The bundle a cache is made from: what its last line says it is, and the file it is now. */
export interface BundleIdentity {
  /** The first 16 hex digits of the SHA-256 the build appends (`// sha256 <hex>`). */
  hash: string;
  size: number;
  mtimeMs: number;
}

/**
 * GENERATOR_DLT_COMPILE_CACHE names the folder; else the user's cache folder. NODE_DISABLE_COMPILE_CACHE
 * (Node's own switch) turns this cache off too. A relative path is ignored, as the XDG spec says.
 */
export function cacheFolder(): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const named = process.env.GENERATOR_DLT_COMPILE_CACHE;
  if (named && isAbsolute(named)) return named;
  const xdg = process.env.XDG_CACHE_HOME;
  const base =
    xdg && isAbsolute(xdg)
      ? xdg
      : process.platform === 'win32'
        ? process.env.LOCALAPPDATA
        : join(homedir(), '.cache');
  return base ? join(base, 'generator-dlt', 'compile-cache') : undefined;
}

/**
 * What a run compiles depends on the generator, and on whether it reads an OpenAPI spec, lists
 * sources or only prints help: each kind keeps its own cache, so that one does not leave another's
 * code uncompiled.
 */
export function runKind(args: readonly string[]): string {
  const generator = /^[a-z]+$/.test(args[0] ?? '') ? args[0] : 'app';
  const spec = args.some((arg) => arg.startsWith('--openapi')) ? '-openapi' : '';
  const list = args.includes('--list') ? '-list' : '';
  const help = args.includes('--help') || args.includes('-h') ? '-help' : '';
  return `${generator}${spec}${list}${help}`;
}

/** Named after the bundle's file too: two installs of one version (global, npx) keep a cache each. */
export function cachePath(folder: string, kind: string, bundle: BundleIdentity): string {
  const file = `${bundle.size}-${Math.round(bundle.mtimeMs)}`;
  return join(folder, `${kind}-${bundle.hash}-${file}-${process.version}-${process.arch}.bin`);
}

function header(code: Buffer, bundle: BundleIdentity): Buffer {
  const fields = Buffer.alloc(HEADER_BYTES);
  MARK.copy(fields);
  fields.writeUInt32LE(crc32(code), MARK.length);
  fields.writeDoubleLE(bundle.size, MARK.length + 4);
  fields.writeDoubleLE(bundle.mtimeMs, MARK.length + 12);
  return fields;
}

/** The code in a cache file that is whole and made from this bundle; undefined for any other. */
export function readCache(path: string, bundle: BundleIdentity): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return undefined;
  }
  if (file.length <= HEADER_BYTES) return undefined;
  const code = file.subarray(HEADER_BYTES);
  if (!file.subarray(0, HEADER_BYTES).equals(header(code, bundle))) return undefined;
  // a cache in use is not an unused one (see removeUnused)
  ignoringErrors(() => {
    if (Date.now() - statSync(path).mtimeMs > DAY_MS) utimesSync(path, new Date(), new Date());
  });
  return code;
}

/** Written whole or not at all (a full disk, a kill, a second run at once), readable by its user only. */
export function writeCache(path: string, code: Buffer, bundle: BundleIdentity): void {
  const folder = dirname(path);
  const partial = `${path}.${process.pid}.partial`;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    // 'wx': never through a file or link already there
    const fd = openSync(partial, 'wx', 0o600);
    try {
      writeFileSync(fd, header(code, bundle));
      writeFileSync(fd, code);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, path);
  } catch {
    ignoringErrors(() => rmSync(partial, { force: true }));
    return;
  }
  removeUnused(folder);
}

/** Caches unused for a week (other builds, other installs, other Node versions), and what runs killed while writing left. */
function removeUnused(folder: string): void {
  ignoringErrors(() => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const age = Date.now() - statSync(path).mtimeMs;
      if (age > (name.endsWith('.partial') ? DAY_MS : UNUSED_MS)) rmSync(path, { force: true });
    }
  });
}

function ignoringErrors(action: () => void): void {
  try {
    action();
  } catch {
    // the cache only saves time
  }
}
