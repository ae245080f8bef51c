import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import helpers from 'yeoman-test';
import type CustomGenerator from '../../../generators/custom/index.js';
import { binPath, runGenerator, tempProject, testCompileCache } from '../../support/cli.js';

const customGenerator = fileURLToPath(new URL('../../../generators/custom/index.js', import.meta.url));

/** Runs dlt:custom in-process in `cwd`, Yeoman asking about changed files; returns the run's state. */
async function runCustom(
  cwd: string,
  options: Record<string, unknown>,
  answers: Record<string, unknown> = {},
) {
  // yeoman-test's environment overwrites without asking unless told otherwise
  const result = await helpers
    .run<CustomGenerator>(customGenerator, { tmpdir: false, cwd, autoCleanup: false }, { force: false })
    .withOptions({ sourceName: 'shop', skipInstall: true, force: false, ...options })
    .withAnswers({ ...answers, packageManager: 'pip' });
  return (result.generator as unknown as CustomGenerator).state;
}

/** A dlt:destination run that writes config.toml, secrets.toml, .gitignore, .yo-rc.json and requirements.txt. */
const postgres = (password: string, ...more: string[]) => [
  '--yes',
  '--destination',
  'postgres',
  '--destination-password',
  password,
  '--skip-install',
  ...more,
];

function snapshot(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path);
      else
        files[path.slice(folder.length + 1)] = stat.isSymbolicLink() ? '(link)' : readFileSync(path, 'utf8');
    }
  };
  walk(folder);
  return files;
}

/** Runs the bin as the unprivileged user `nobody` (permissions mean nothing to root). */
function asNobody(): { env: NodeJS.ProcessEnv; wrap: string[] } | undefined {
  if (process.platform !== 'linux') return undefined;
  if (process.getuid?.() !== 0) return { env: {}, wrap: [] };
  const probe = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', 'true']);
  return probe.status === 0
    ? { env: {}, wrap: ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--'] }
    : undefined;
}

function runAs(user: { wrap: string[] }, args: string[], cwd: string) {
  const home = join(cwd, '..', `${cwd.split('/').pop()}-home`);
  mkdirSync(home, { recursive: true });
  if (user.wrap.length > 0) chownSync(home, 65534, 65534);
  const [file, ...rest] = user.wrap.length > 0 ? user.wrap : [process.execPath];
  const command = user.wrap.length > 0 ? [...rest, process.execPath] : [];
  const result = spawnSync(file!, [...command, binPath, 'destination', ...args], {
    cwd,
    env: { ...process.env, HOME: home, GENERATOR_DLT_COMPILE_CACHE: testCompileCache },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('commit: every file of a run goes through one checked, atomic writer', () => {
  it('writes .gitignore before secrets.toml, secrets.toml 0600, and leaves no temporary or lock file', async () => {
    const cwd = tempProject();
    const result = await runGenerator('destination', postgres('s3cret'), cwd);
    assert.equal(result.code, 0, result.stderr);
    const gitignore = lstatSync(join(cwd, '.gitignore'));
    const secrets = lstatSync(join(cwd, '.dlt/secrets.toml'));
    assert.ok(gitignore.mtimeMs <= secrets.mtimeMs);
    assert.equal(secrets.mode & 0o777, 0o600);
    // .workspace: a new project is a dlt workspace
    assert.deepEqual(readdirSync(join(cwd, '.dlt')).sort(), ['.workspace', 'config.toml', 'secrets.toml']);
  });

  it('refuses a secrets.toml linked out of the project (dangling or not) with exit 2 and writes nothing', async () => {
    const outside = tempProject('dlt-outside-');
    writeFileSync(join(outside, 'secrets.toml'), 'mine = "untouched"\n', { mode: 0o644 });
    for (const target of ['secrets.toml', 'not-there.toml']) {
      const cwd = tempProject();
      mkdirSync(join(cwd, '.dlt'));
      symlinkSync(join(outside, target), join(cwd, '.dlt/secrets.toml'));
      const before = snapshot(cwd);
      const result = await runGenerator('destination', postgres('s3cret'), cwd);
      assert.equal(result.code, 2, result.stderr);
      assert.match(
        result.stderr,
        /\.dlt\/secrets\.toml leads through a symbolic link to .*outside the project/,
      );
      assert.match(result.stderr, /Nothing was written/);
      assert.deepEqual(snapshot(cwd), before);
    }
    assert.deepEqual(readdirSync(outside), ['secrets.toml']);
    assert.equal(readFileSync(join(outside, 'secrets.toml'), 'utf8'), 'mine = "untouched"\n');
    assert.equal(lstatSync(join(outside, 'secrets.toml')).mode & 0o777, 0o644);
  });

  it('writes through a link inside the project and keeps the link', async () => {
    const cwd = tempProject();
    mkdirSync(join(cwd, 'deps'));
    writeFileSync(join(cwd, 'deps/base.txt'), 'requests\n');
    symlinkSync('deps/base.txt', join(cwd, 'requirements.txt'));
    const result = await runGenerator('destination', postgres('s3cret'), cwd);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(lstatSync(join(cwd, 'requirements.txt')).isSymbolicLink());
    assert.match(
      readFileSync(join(cwd, 'deps/base.txt'), 'utf8'),
      /^requests\ndlt\[hub,postgres\]>=1\.27\.2\n/,
    );
  });

  it('names a folder where secrets.toml should be, and writes nothing', async () => {
    const cwd = tempProject();
    mkdirSync(join(cwd, '.dlt/secrets.toml'), { recursive: true });
    const result = await runGenerator('destination', postgres('s3cret'), cwd);
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /\.dlt\/secrets\.toml: it is a folder where a file should be.*Move the folder away/,
    );
    assert.deepEqual(readdirSync(cwd), ['.dlt']);
  });

  it('checks every file before the first write: a read-only .dlt or secrets.toml changes nothing (unprivileged user)', function () {
    const user = asNobody();
    if (!user) this.skip(); // needs Linux and, as root, setpriv to become nobody
    for (const readOnly of ['.dlt', '.dlt/secrets.toml']) {
      const cwd = tempProject();
      chmodSync(cwd, 0o755);
      mkdirSync(join(cwd, '.dlt'));
      writeFileSync(join(cwd, '.dlt/config.toml'), '[runtime]\nlog_level = "INFO"\n');
      writeFileSync(join(cwd, '.dlt/secrets.toml'), '[sources]\nkey = "old"\n', { mode: 0o600 });
      writeFileSync(join(cwd, '.yo-rc.json'), '{}\n');
      if (user.wrap.length > 0) {
        for (const path of ['', '.dlt', '.dlt/config.toml', '.dlt/secrets.toml', '.yo-rc.json'])
          chownSync(join(cwd, path), 65534, 65534);
      }
      chmodSync(join(cwd, readOnly), readOnly === '.dlt' ? 0o555 : 0o400);
      const before = snapshot(cwd);
      const result = runAs(user, postgres('s3cret'), cwd);
      assert.equal(result.code, 2, `${readOnly}: ${result.stderr}`);
      assert.match(
        result.stderr,
        /cannot write \.dlt\/(config\.toml|secrets\.toml|\.generator-dlt\.lock): permission denied/,
      );
      assert.match(result.stderr, /Nothing was written\./);
      assert.deepEqual(snapshot(cwd), before, readOnly);
      chmodSync(join(cwd, readOnly), 0o755);
    }
  });

  it('two runs at once on one project: the second waits, and what each reports written is on disk', async function () {
    this.timeout(60_000);
    const cwd = tempProject();
    const runs = await Promise.all(
      ['first-password', 'second-password'].map((password) =>
        runGenerator('destination', postgres(password, '--json'), cwd),
      ),
    );
    const secrets = parse(readFileSync(join(cwd, '.dlt/secrets.toml'), 'utf8')) as {
      destination: { postgres: { credentials: { password: string } } };
    };
    const onDisk = secrets.destination.postgres.credentials.password;
    let written = 0;
    for (const [index, run] of runs.entries()) {
      if (run.code === 2) {
        assert.match(run.stderr, /another generator-dlt run .* is changing this project/);
        continue;
      }
      assert.equal(run.code, 0, run.stderr);
      const summary = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
        toml: { key: string; action: string }[];
      };
      const password = summary.toml.find((change) => change.key === 'password')!;
      if (password.action === 'added' || password.action === 'updated') {
        written += 1;
        assert.equal(onDisk, index === 0 ? 'first-password' : 'second-password');
      } else {
        assert.equal(password.action, 'conflict');
      }
    }
    assert.equal(written, 1);
    assert.equal(existsSync(join(cwd, '.dlt/.generator-dlt.lock')), false);
  });

  it('refuses TOML that is not UTF-8 or has two byte order marks (exit 2, untouched); reads one BOM', async () => {
    const damaged: [string, Buffer][] = [
      ['.dlt/secrets.toml', Buffer.from('[sources]\npassword = "caf\xe9"\n', 'latin1')],
      ['.dlt/config.toml', Buffer.from('\uFEFF\uFEFF[runtime]\nlog_level = "INFO"\n', 'utf8')],
    ];
    for (const [file, bytes] of damaged) {
      const cwd = tempProject();
      mkdirSync(join(cwd, '.dlt'));
      writeFileSync(join(cwd, file), bytes, { mode: 0o600 });
      const before = snapshot(cwd);
      const result = await runGenerator('destination', postgres('s3cret'), cwd);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`${file.replace('.', '\\.')} is not valid \\(line [12]: `));
      assert.ok(readFileSync(join(cwd, file)).equals(bytes));
      assert.deepEqual(snapshot(cwd), before);
    }
    const cwd = tempProject();
    mkdirSync(join(cwd, '.dlt'));
    writeFileSync(join(cwd, '.dlt/config.toml'), '\uFEFF[runtime]\nlog_level = "INFO"\n');
    const result = await runGenerator('destination', postgres('s3cret'), cwd);
    assert.equal(result.code, 0, result.stderr);
    const config = readFileSync(join(cwd, '.dlt/config.toml'), 'utf8');
    assert.match(config, /^\uFEFF\[runtime\]\nlog_level = "INFO"\n/);
    assert.match(config, /\[destination\.postgres\.credentials\]/);
  });

  describe('a rewritten file keeps the byte order mark and CRLF line ends the user had', () => {
    /** BOM first, CRLF at every line end, nothing else changed. */
    const inBomCrlf = (text: string) => `\uFEFF${text.replace(/\r?\n/g, '\r\n')}`;
    const assertBomCrlf = (cwd: string, file: string, has: RegExp) => {
      const text = readFileSync(join(cwd, file), 'utf8');
      assert.ok(text.startsWith('\uFEFF') && !text.startsWith('\uFEFF\uFEFF'), `${file} starts with one BOM`);
      assert.doesNotMatch(text, /(?<!\r)\n/, `${file} has CRLF line ends only`);
      assert.match(text, has);
    };

    it('TOML and requirements.txt merged by dlt:destination, .gitignore given its secrets lines', async () => {
      const cwd = tempProject();
      mkdirSync(join(cwd, '.dlt'));
      writeFileSync(join(cwd, '.dlt/config.toml'), inBomCrlf('[runtime]\nlog_level = "INFO"\n'));
      writeFileSync(join(cwd, '.dlt/secrets.toml'), inBomCrlf('[sources.other]\ntoken = "t"\n'), {
        mode: 0o600,
      });
      writeFileSync(join(cwd, '.gitignore'), inBomCrlf('node_modules/\n'));
      writeFileSync(join(cwd, 'requirements.txt'), inBomCrlf('requests\n'));
      const result = await runGenerator('destination', postgres('s3cret'), cwd);
      assert.equal(result.code, 0, result.stderr);
      assertBomCrlf(
        cwd,
        '.dlt/config.toml',
        /^\uFEFF\[runtime\]\r\nlog_level = "INFO"\r\n[\s\S]*\[destination\.postgres/,
      );
      assertBomCrlf(cwd, '.dlt/secrets.toml', /token = "t"\r\n[\s\S]*password = "s3cret"/);
      assertBomCrlf(cwd, '.gitignore', /^\uFEFFnode_modules\/\r\n[\s\S]*^\.dlt\/secrets\.toml\r$/m);
      assertBomCrlf(cwd, 'requirements.txt', /^\uFEFFrequests\r\ndlt\[hub,postgres\]/);
    });

    it('a pipeline script edited by dlt:incremental; unchanged, it is identical, not a conflict', async () => {
      const cwd = tempProject();
      const rest = [
        '--yes',
        '--skip-install',
        '--base-url',
        'https://api.example.com',
        '--resources',
        'items',
      ];
      assert.equal((await runGenerator('rest', [...rest, '--no-probe'], cwd)).code, 0);
      const script = join(cwd, 'example_pipeline.py');
      writeFileSync(script, inBomCrlf(readFileSync(script, 'utf8')));
      const again = await runGenerator('rest', [...rest, '--no-probe'], cwd);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout + again.stderr, /^No files changed\.$/m);
      const incremental = [
        '--file',
        'example_pipeline.py',
        '--resource',
        'items',
        '--cursor-path',
        'updated_at',
      ];
      const edited = await runGenerator(
        'incremental',
        ['--yes', '--skip-install', ...incremental, '--primary-key', 'id'],
        cwd,
      );
      assert.equal(edited.code, 0, edited.stderr);
      assertBomCrlf(
        cwd,
        'example_pipeline.py',
        /^\uFEFF"""[\s\S]*"incremental": {"cursor_path": "updated_at"}/,
      );
    });
  });

  it('a changed file the user answers "do not overwrite" to is listed as kept, not as updated', async () => {
    const cwd = tempProject();
    await runCustom(cwd, { yes: true });
    const mine = `${readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8')}# mine\n`;
    writeFileSync(join(cwd, 'shop_pipeline.py'), mine);
    for (const [action, expected] of [
      ['skip', 'kept'],
      ['write', 'update'],
    ] as const) {
      const state = await runCustom(cwd, { interactive: true, resources: 'orders' }, { action });
      assert.equal(state.files.get('shop_pipeline.py'), expected);
      assert.equal(readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8') === mine, action === 'skip');
    }
  });

  it('--dry-run shows a secrets.toml diff with every value masked', async () => {
    const cwd = tempProject();
    mkdirSync(join(cwd, '.dlt'));
    writeFileSync(join(cwd, '.dlt/secrets.toml'), '[sources.other]\napi_key = "UNRELATED-SECRET-123"\n', {
      mode: 0o600,
    });
    const result = await runGenerator('destination', postgres('NEW-PASSWORD-456', '--dry-run'), cwd);
    assert.equal(result.code, 0, result.stderr);
    const output = result.stdout + result.stderr;
    assert.doesNotMatch(output, /UNRELATED-SECRET-123|NEW-PASSWORD-456/);
    assert.match(output, /api_key = "\*\*\*"/);
    assert.match(output, /\+password = "\*\*\*"/);
  });
});
