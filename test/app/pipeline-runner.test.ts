import assert from 'node:assert/strict';
import { showDashboard } from '../../app/pipeline-runner.js';

/** The command --show starts, captured instead of run. */
async function showCommand(workspace: boolean): Promise<string[]> {
  const started: string[][] = [];
  const context = {
    root: '/project',
    log: () => undefined,
    runPrefix: '.venv/bin/python',
    json: false,
    spawn: async (file: string, args: readonly string[]) => {
      started.push([file, ...args]);
      return {};
    },
  };
  await showDashboard(context, { name: 'shop', script: 'shop_pipeline.py' }, workspace);
  assert.equal(started.length, 1);
  return started[0]!;
}

describe('yo dlt --show', () => {
  it('in a dlt workspace starts dlthub local pipeline show (dlt 1.31 refuses `dlt pipeline` there)', async () => {
    const [file, ...args] = await showCommand(true);
    assert.equal(file, '.venv/bin/python');
    assert.equal(args[0], '-c');
    assert.match(args[1]!, /_main_dlthub\(\)/);
    assert.deepEqual(args.slice(2), ['local', 'pipeline', 'show', 'shop']);
  });

  it('elsewhere starts dlt pipeline <name> show', async () => {
    assert.deepEqual(await showCommand(false), ['.venv/bin/python', '-m', 'dlt', 'pipeline', 'shop', 'show']);
  });
});
