import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, lockProject } from '../../../shared/files/project-lock.js';
import { isUsageError } from '../../../shared/plan/errors.js';

describe('project-lock: one run at a time per project', () => {
  let project: string;
  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'dlt-lock-'));
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('holds a lock file with its pid; releasing removes it and the .dlt folder it created', async () => {
    const lock = await lockProject(project);
    const owner = JSON.parse(readFileSync(join(project, LOCK_FILE), 'utf8'));
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.host, hostname());
    lock.release();
    assert.equal(existsSync(join(project, '.dlt')), false);
  });

  it('keeps a .dlt folder that was there', async () => {
    mkdirSync(join(project, '.dlt'));
    (await lockProject(project)).release();
    assert.equal(existsSync(join(project, '.dlt')), true);
    assert.equal(existsSync(join(project, LOCK_FILE)), false);
  });

  it('a second run waits for the first, then takes the lock', async () => {
    const first = await lockProject(project);
    setTimeout(first.release, 150);
    const second = await lockProject(project, { waitMs: 3000, pollMs: 20 });
    second.release();
  });

  it('a second run gives up with exit 2 naming the holder when the first takes too long', async () => {
    const first = await lockProject(project);
    await assert.rejects(lockProject(project, { waitMs: 100, pollMs: 20 }), (error: unknown) => {
      return (
        isUsageError(error) &&
        error.message.includes(`another generator-dlt run (pid ${process.pid} on ${hostname()}`) &&
        /Wait for it to finish and run again\. If no such run exists, remove \.dlt\/\.generator-dlt\.lock\./.test(
          error.message,
        )
      );
    });
    first.release();
  });

  it('takes over the lock of a run that is gone (killed), and a file that is not a lock', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    mkdirSync(join(project, '.dlt'));
    const path = join(project, LOCK_FILE);
    writeFileSync(path, JSON.stringify({ pid: Number(dead.stdout), host: hostname(), started: 'earlier' }));
    const lock = await lockProject(project, { waitMs: 0 });
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).pid, process.pid);
    lock.release();
  });

  it('does not take over a lock held on another machine', async () => {
    mkdirSync(join(project, '.dlt'));
    writeFileSync(
      join(project, LOCK_FILE),
      JSON.stringify({ pid: 1, host: 'elsewhere', started: 'earlier' }),
    );
    await assert.rejects(lockProject(project, { waitMs: 0 }), (error: unknown) => isUsageError(error));
  });
});
