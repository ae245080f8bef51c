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

  describe('a diff shows each change with three unchanged lines around it, not the whole file', () => {
    const legend = [
      { message: '\n' },
      { message: 'removed', color: 'removed' },
      { message: '' },
      { message: 'added', color: 'added' },
      { message: '\n\n' },
    ];
    /** The conflicter's parts for a file of `count` lines, `changes` by line number. */
    const diffOf = (count: number, changes: Record<number, string>) =>
      Array.from({ length: count }, (_, index) => {
        const line = index + 1;
        const change = changes[line];
        const piece = change
          ? { message: `${change}line ${line}`, color: change === '+' ? 'added' : 'removed' }
          : { message: ` line ${line}` };
        return [piece, { message: '\n' }];
      }).flat();
    const printedText = (body: { message?: unknown }[]) => {
      const printed: { message?: unknown }[][] = [];
      const adapter = { log: { colored: (messages: { message?: unknown }[]) => printed.push(messages) } };
      quietYeomanAdapter(adapter, () => true);
      adapter.log.colored([...legend, ...body, { message: '\n\n' }]);
      return printed[0]!.map((part) => part.message).join('');
    };

    it('counts the unchanged lines it leaves out, before, between and after changes', () => {
      const text = printedText(diffOf(40, { 10: '-', 11: '+', 30: '+' }));
      assert.equal(
        text,
        [
          '\n- removed, + added\n',
          '  (6 unchanged lines)',
          ...[7, 8, 9].map((n) => ` line ${n}`),
          '-line 10',
          '+line 11',
          ...[12, 13, 14].map((n) => ` line ${n}`),
          '  (12 unchanged lines)',
          ...[27, 28, 29].map((n) => ` line ${n}`),
          '+line 30',
          ...[31, 32, 33].map((n) => ` line ${n}`),
          '  (7 unchanged lines)',
          '\n\n',
        ].join('\n'),
      );
    });

    it('keeps a single unchanged line between contexts (a count would be no shorter), and a diff without changes whole', () => {
      const text = printedText(diffOf(9, { 1: '+', 9: '-' }));
      assert.equal(text.split('\n').filter((line) => line.startsWith('  (')).length, 0);
      assert.match(text, / line 5\n/);
      const unchanged = diffOf(12, {});
      assert.equal(
        printedText(unchanged),
        `\n- removed, + added\n\n${unchanged.map((p) => p.message).join('')}\n\n`,
      );
    });
  });
});
