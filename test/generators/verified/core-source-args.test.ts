import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { runGenerator, tempProject } from '../../support/cli.js';

describe('dlt:verified core sources: --source-args is refused, not dropped', () => {
  it('sql_database and filesystem name their own options instead (exit 2, nothing written)', async () => {
    for (const source of ['sql_database', 'filesystem']) {
      const cwd = tempProject();
      const result = await runGenerator(
        'verified',
        ['--yes', '--skip-install', '--source', source, '--source-args', 'password=hunter2'],
        cwd,
      );
      assert.equal(result.code, 2, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(`--source-args does not apply to ${source}: its settings are its own options \\(--`),
      );
      assert.doesNotMatch(result.stderr + result.stdout, /hunter2/);
      assert.deepEqual(readdirSync(cwd), []);
    }
  });
});
