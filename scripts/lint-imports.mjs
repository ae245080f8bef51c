// Checks the import graph of the TypeScript sources against .dependency-cruiser.cjs (no circle,
// type-only imports included; nothing below shared/shell/ imports it). tsc emits x.js beside x.ts,
// and an import of './x.js' resolves to that emitted file when it exists, so depcruise reads a
// copy of the .ts sources alone, in a temporary folder.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FOLDERS = ['app', 'generators', 'shared', 'bin'];
const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'generator-dlt-imports-'));
try {
  for (const folder of FOLDERS) {
    cpSync(join(root, folder), join(work, folder), {
      recursive: true,
      filter: (path) => statSync(path).isDirectory() || path.endsWith('.ts'),
    });
  }
  const depcruise = join(
    root,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'depcruise.cmd' : 'depcruise',
  );
  const run = spawnSync(depcruise, ['--config', join(root, '.dependency-cruiser.cjs'), ...FOLDERS], {
    cwd: work,
    stdio: 'inherit',
  });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
