import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGenerator, tempProject } from '../../support/cli.js';

/** The adversarial run's inputs that were accepted with exit 0, now each a regression test. */
describe('dlt:rest: hostile input from options and answers files', () => {
  const rest = (cwd: string, ...args: string[]) =>
    runGenerator('rest', ['--yes', '--skip-install', '--no-dashboard', ...args], cwd);

  it('takes an answers file written for yo dlt (keys of other generators) when run alone', async () => {
    const cwd = tempProject();
    writeFileSync(
      join(cwd, 'answers.json'),
      JSON.stringify({
        source: 'https://api.example.com',
        baseUrl: 'https://api.example.com',
        resources: 'items',
      }),
    );
    const result = await rest(cwd, '--answers', 'answers.json');
    assert.equal(result.code, 0, result.stderr);
  });

  it('writes a NUL from an answers file as an escape, never raw, and keeps a braced password a secret', async () => {
    const cwd = tempProject();
    writeFileSync(
      join(cwd, 'answers.json'),
      JSON.stringify({
        baseUrl: 'https://api.example.com',
        resources: 'items params.q=a\u0000b',
        auth: 'http_basic',
        username: 'me',
        password: 'p{w}d{resources.items.id}',
      }),
    );
    const result = await rest(cwd, '--answers', 'answers.json');
    assert.equal(result.code, 0, result.stderr);
    const script = readFileSync(join(cwd, 'example_pipeline.py'), 'utf8');
    assert.ok(!script.includes('\u0000'));
    assert.match(script, /"q": "a\\x00b"/);
    assert.doesNotMatch(script, /p\{w\}d/);
    assert.match(
      readFileSync(join(cwd, '.dlt/secrets.toml'), 'utf8'),
      /password = "p\{w\}d\{resources\.items\.id\}"/,
    );
  });

  it('refuses with exit 2 and writes nothing: wrong types, bad URLs, cycles, broken settings', async () => {
    const cases: [string[], RegExp, Record<string, unknown>?][] = [
      [
        ['--answers', 'answers.json'],
        /--resources: 5 is not a resource list/,
        { baseUrl: 'https://a.example', resources: 5 },
      ],
      [
        ['--answers', 'answers.json'],
        /--answers: "pipline-name" \(did you mean pipeline-name\?\) is not an option of any generator-dlt generator/,
        { baseUrl: 'https://a.example', resources: 'items', 'pipline-name': 'x' },
      ],
      [['--base-url', 'http:///x', '--resources', 'items'], /not an http\(s\) URL with a host/],
      [['--base-url', 'https://a.example/\nx', '--resources', 'items'], /holds a blank, a line break/],
      [['--base-url', 'https://a.example/"x', '--resources', 'items'], /a quote/],
      [
        [
          '--base-url',
          'https://a.example',
          '--resources',
          'a path=x/{resources.b.id}; b path=y/{resources.a.id}',
        ],
        /a -> b -> a form a cycle/,
      ],
      [['--base-url', 'https://a.example', '--resources', 'items path=a path=b'], /path is given twice/],
      [
        ['--base-url', 'https://a.example', '--resources', 'items params.=x'],
        /a key has a name between its dots/,
      ],
      [['--base-url', 'https://a.example', '--resources', 'items data_selector=$['], /"\]" is missing/],
      [
        ['--base-url', 'https://a.example', '--resources', 'items primary_key'],
        /"primary_key" is not a key=value setting/,
      ],
    ];
    for (const [args, pattern, answers] of cases) {
      const cwd = tempProject();
      if (answers) writeFileSync(join(cwd, 'answers.json'), JSON.stringify(answers));
      const result = await rest(cwd, ...args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, pattern, args.join(' '));
      assert.deepEqual(readdirSync(cwd), answers ? ['answers.json'] : [], args.join(' '));
    }
  });
});
