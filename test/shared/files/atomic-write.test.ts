import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import fs, {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  removeStaleTemporaries,
  temporaryPathFor,
  writeFileAtomically,
} from '../../../shared/files/atomic-write.js';
import { FileError } from '../../../shared/files/file-errors.js';

/** Replaces fs.writeSync for the duration of `body` (ESM imports of node:fs see the change). */
function withWriteSync(fake: typeof fs.writeSync, body: () => void): void {
  const real = fs.writeSync;
  fs.writeSync = fake;
  syncBuiltinESMExports();
  try {
    body();
  } finally {
    fs.writeSync = real;
    syncBuiltinESMExports();
  }
}

describe('atomic-write: files are replaced whole', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'dlt-files-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('replaces a file, keeps its permissions and leaves no temporary file', () => {
    const path = join(folder, 'requirements.txt');
    writeFileSync(path, 'requests\n', { mode: 0o640 });
    writeFileAtomically(path, 'requests\ndlt\n');
    assert.equal(readFileSync(path, 'utf8'), 'requests\ndlt\n');
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(folder), ['requirements.txt']);
  });

  it('creates a new file with the mode asked for from its first byte', () => {
    const path = join(folder, 'secrets.toml');
    const modesWhileWriting: number[] = [];
    const real = fs.writeSync;
    withWriteSync(
      ((fd: number, ...rest: unknown[]) => {
        modesWhileWriting.push(fs.fstatSync(fd).mode & 0o777);
        return (real as (...args: unknown[]) => number)(fd, ...rest);
      }) as typeof fs.writeSync,
      () => writeFileAtomically(path, 'password = "x"\n', { mode: 0o600 }),
    );
    assert.deepEqual(modesWhileWriting, [0o600]);
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  it('leaves what was there and no temporary file when the replacement fails', () => {
    const target = join(folder, 'occupied');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'kept\n');
    assert.throws(
      () => writeFileAtomically(target, 'dlt\n'),
      (error: unknown) =>
        error instanceof FileError && /occupied: it is a folder where a file should be/.test(error.message),
    );
    assert.equal(readFileSync(join(target, 'keep.txt'), 'utf8'), 'kept\n');
    assert.deepEqual(readdirSync(folder), ['occupied']);
  });

  it('on a full disk (injected ENOSPC) leaves the file whole and says which file and what to do', () => {
    const path = join(folder, 'config.toml');
    writeFileSync(path, '[sources]\nkey = "old"\n');
    withWriteSync(
      (() => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }) as typeof fs.writeSync,
      () =>
        assert.throws(
          () => writeFileAtomically(path, `[sources]\nkey = "${'x'.repeat(10_000)}"\n`),
          (error: unknown) =>
            error instanceof FileError &&
            error.message.includes(path) &&
            /the disk is full \(ENOSPC\)\. Free some space, then run again/.test(error.message),
        ),
    );
    assert.equal(readFileSync(path, 'utf8'), '[sources]\nkey = "old"\n');
    assert.deepEqual(readdirSync(folder), ['config.toml']);
  });

  it('on a really full disk (a small tmpfs) leaves the file whole', function () {
    const mounted = mountTinyTmpfs(folder);
    if (!mounted) this.skip(); // mounting needs root; the injected ENOSPC above covers the rest
    try {
      const path = join(mounted, 'config.toml');
      const old = `[sources]\nkey = "${'o'.repeat(20_000)}"\n`;
      writeFileSync(path, old);
      assert.throws(
        () => writeFileAtomically(path, `[sources]\nkey = "${'n'.repeat(200_000)}"\n`),
        (error: unknown) =>
          error instanceof FileError && /config\.toml: the disk is full/.test(error.message),
      );
      assert.equal(readFileSync(path, 'utf8'), old);
      assert.deepEqual(readdirSync(mounted), ['config.toml']);
    } finally {
      spawnSync('umount', [mounted]);
    }
  });

  it('survives kill -9 at several points of a large rewrite: the file is always the old or the new one', async function () {
    this.timeout(60_000);
    const path = join(folder, 'config.toml');
    const old = `# old\n${'a = 1\n'.repeat(400_000)}`;
    const next = `# new\n${'b = 2\n'.repeat(400_000)}`;
    writeFileSync(path, old);
    const module = new URL('../../../shared/files/atomic-write.js', import.meta.url).pathname;
    const script = `import { writeFileAtomically } from ${JSON.stringify(module)};
      const next = '# new\\n' + 'b = 2\\n'.repeat(400000);
      process.stdout.write('ready\\n');
      for (;;) writeFileAtomically(${JSON.stringify(path)}, next);`;
    for (const delay of [0, 3, 10, 25, 60, 120]) {
      writeFileSync(path, old);
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise((ready) => child.stdout.once('data', ready));
      await new Promise((wait) => setTimeout(wait, delay));
      child.kill('SIGKILL');
      await new Promise((exited) => child.once('exit', exited));
      const text = readFileSync(path, 'utf8');
      assert.ok(
        text === old || text === next,
        `after a kill at ${delay} ms the file is cut (${text.length} chars)`,
      );
      // what the killed run left beside it is removed by the next run
      removeStaleTemporaries(folder);
      assert.deepEqual(readdirSync(folder), ['config.toml']);
    }
  });

  it('removes only the temporary files of runs that are gone', () => {
    const live = temporaryPathFor(join(folder, 'secrets.toml'));
    writeFileSync(live, 'mine');
    writeFileSync(join(folder, '.secrets.toml.999999999.generator-dlt.tmp'), 'left by a killed run');
    writeFileSync(join(folder, '.notes.tmp'), 'not ours');
    removeStaleTemporaries(folder);
    assert.deepEqual(readdirSync(folder).sort(), ['.notes.tmp', live.slice(folder.length + 1)].sort());
  });
});

/** A 64 KiB tmpfs inside `folder`, or undefined where mounting is not allowed. */
function mountTinyTmpfs(folder: string): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const mountPoint = join(folder, 'tiny');
  mkdirSync(mountPoint);
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]);
  return result.status === 0 ? mountPoint : undefined;
}
