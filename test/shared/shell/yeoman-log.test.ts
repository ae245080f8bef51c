import assert from 'node:assert/strict';
import { quietYeomanAdapter } from '../../../shared/shell/yeoman-log.js';

/** A logger shaped like Yeoman's: one function per level, each recording what it printed. */
function fakeLog(printed: string[]) {
  const level = (name: string) => (message: string) => printed.push(`${name} ${message}`);
  return Object.fromEntries(
    ['create', 'identical', 'force', 'skip', 'conflict', 'info', 'writeln', 'error'].map((name) => [
      name,
      level(name),
    ]),
  ) as Record<string, (message: string) => void>;
}

describe("yeoman-log: Yeoman's own lines stay out of our output", () => {
  const logEverything = (log: Record<string, (message: string) => void>) => {
    for (const status of ['create', 'identical', 'force', 'skip', 'conflict']) log[status]!('x.py');
    log.writeln!('a diff line');
    log.writeln!('Aborting ...');
    log.info!('a note');
    log.error!('An error occured while running dlt:rest#prompting');
    log.error!('a real error');
  };

  it('drops every per-file status line, of the adapter and of the one under it', () => {
    for (const showsDiffs of [false, true]) {
      const printed: string[] = [];
      const adapter = { log: fakeLog(printed), actualAdapter: { log: fakeLog(printed) } };
      quietYeomanAdapter(adapter, () => showsDiffs);
      logEverything(adapter.log);
      logEverything(adapter.actualAdapter.log);
      const kept = ['writeln a diff line', 'info a note', 'error a real error'];
      // when the conflicter shows diffs (--dry-run, --bail), the conflict line names the file
      const expected = showsDiffs ? ['conflict x.py', ...kept] : kept;
      assert.deepEqual(printed, [...expected, ...expected]);
    }
  });

  it('reads whether the run is dry when a line is logged, not when the logger is quieted', () => {
    const printed: string[] = [];
    const adapter = { log: fakeLog(printed) };
    let dryRun = false;
    quietYeomanAdapter(adapter, () => dryRun);
    dryRun = true;
    adapter.log.conflict!('x.py');
    assert.deepEqual(printed, ['conflict x.py']);
  });

  it('prints the conflicter\'s diff legend spaced, with its signs (it printed "removedadded")', () => {
    const printed: unknown[] = [];
    const adapter = { log: { colored: (messages: unknown) => printed.push(messages) } };
    quietYeomanAdapter(adapter, () => true);
    const diffLine = { message: '+x = 1\n', color: 'added' };
    adapter.log.colored([
      { message: '\n' },
      { message: 'removed', color: 'removed' },
      { message: '' },
      { message: 'added', color: 'added' },
      { message: '\n\n' },
      diffLine,
    ]);
    assert.deepEqual(printed, [
      [
        { message: '\n' },
        { message: '- removed', color: 'removed' },
        { message: ', ' },
        { message: '+ added', color: 'added' },
        { message: '\n\n' },
        diffLine,
      ],
    ]);
  });
});
