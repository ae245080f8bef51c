import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performanceSettingsInWords } from '../../shared/project/performance-advice.js';
import { DLTHUB_NOTICE, type RunSummary } from '../../shared/project/summary.js';
import { runGenerator, tempProject } from '../support/cli.js';
import { repoRoot } from '../support/python.js';

/** Every file a run left in the project, relative to it. */
function projectFiles(cwd: string): string[] {
  return readdirSync(cwd, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(cwd.length + 1))
    .sort();
}

/** Every file a run left in the project, with its text: what "nothing was written" compares. */
const projectContents = (cwd: string) =>
  projectFiles(cwd).map((file) => [file, readFileSync(join(cwd, file), 'utf8')]);

/** The files named by a status line (ours: `  create   x`; Yeoman's: `   create x`), in order. */
function fileStatusLines(output: string): string[] {
  return [...output.matchAll(/^ +(?:create|update|identical|force|skip|conflict|kept) +(\S+)$/gm)].map(
    (match) => match[1]!,
  );
}

describe('the command line contract (bin/generator-dlt)', () => {
  it('stops with exit 2, naming each missing option, and writes nothing when it cannot ask', async () => {
    const cwd = tempProject();
    const result = await runGenerator('app', ['--yes'], cwd);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--source is required/);
    assert.deepEqual(projectFiles(cwd), []);
  });

  it('refuses invalid values with what is allowed, exit 2, nothing written', async () => {
    const cwd = tempProject();
    const result = await runGenerator(
      'app',
      [
        '--source',
        'github',
        '--pipeline-name',
        'my-pipeline',
        '--destination',
        'oracle',
        '--kind',
        'graphql',
      ],
      cwd,
    );
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /--pipeline-name: "my-pipeline" is not valid: it holds "-"; use letters, digits and underscores/,
    );
    assert.match(result.stderr, /--destination: "oracle" is not a dlt destination; use one of: duckdb/);
    assert.match(result.stderr, /--kind: "graphql" is not one of: verified, rest, custom/);
    assert.deepEqual(projectFiles(cwd), []);
  });

  it('an error is a JSON object on stdout with --json, and none when a later --no-json takes it back', async () => {
    const cwd = tempProject();
    const bad = ['--yes', '--destination', 'nowhere'];
    const json = await runGenerator('destination', [...bad, '--json'], cwd);
    assert.equal(json.code, 2);
    assert.equal(JSON.parse(json.stdout).exitCode, 2);
    assert.match(JSON.parse(json.stdout).error, /--destination: "nowhere" is not one of/);
    const taken = await runGenerator('destination', [...bad, '--json', '--no-json'], cwd);
    assert.equal(taken.code, 2);
    assert.equal(taken.stdout, '');
    assert.match(taken.stderr, /--destination: "nowhere" is not one of/);
  });

  it('reads an --answers file (YAML or JSON), and options on the command line win', async () => {
    const cwd = tempProject();
    writeFileSync(
      join(cwd, 'answers.yaml'),
      'source: github\npipeline-name: "bad name"\ndestination: nowhere\n',
    );
    const result = await runGenerator('app', ['--answers', 'answers.yaml', '--destination', 'postgres'], cwd);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--pipeline-name: "bad name" is not valid/);
    assert.doesNotMatch(result.stderr, /nowhere/, 'the command line destination wins over the file');

    writeFileSync(join(cwd, 'broken.json'), '{ "source": ');
    const broken = await runGenerator('app', ['--answers', 'broken.json'], cwd);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /--answers: .*broken.json is not valid JSON or YAML/);
  });

  it('refuses a misspelled generator, a URL that is not http(s), and an answers file key no generator knows', async () => {
    const cwd = tempProject();
    const generator = await runGenerator('incremantal', ['--yes'], cwd);
    assert.equal(generator.code, 2);
    assert.match(
      generator.stderr,
      /"incremantal" is not a generator \(did you mean incremental\?\); use one of: app, custom, deploy, destination, incremental, rest, verified/,
    );

    const destination = await runGenerator(
      'rest',
      ['--yes', '--destination', 'duckbd', '--package-manager', 'poetri'],
      cwd,
    );
    assert.equal(destination.code, 2);
    assert.match(
      destination.stderr,
      /--destination: "duckbd" is not a dlt destination \(did you mean duckdb\?\); use one of/,
    );
    assert.deepEqual(projectFiles(cwd), []);

    const ftp = await runGenerator('app', ['--source', 'ftp://files.example.com/data', '--yes'], cwd);
    assert.equal(ftp.code, 2);
    assert.match(ftp.stderr, /--source: "ftp:\/\/files.example.com\/data" is not an http\(s\) URL/);

    writeFileSync(join(cwd, 'typo.yaml'), 'source: http://127.0.0.1:9/api\npipline-name: foo\n');
    const typo = await runGenerator('app', ['--answers', 'typo.yaml', '--yes', '--skip-install'], cwd);
    assert.equal(typo.code, 2);
    assert.match(
      typo.stderr,
      /--answers: "pipline-name" \(did you mean pipeline-name\?\) is not an option of any generator-dlt generator/,
    );
    assert.deepEqual(projectFiles(cwd), ['typo.yaml']);
  });

  it('refuses a misspelled option name with the nearest declared one, exit 2, nothing written', async () => {
    const cwd = tempProject();
    const rest = await runGenerator(
      'rest',
      [
        '--yes',
        '--skip-install',
        '--base-url',
        'http://127.0.0.1:9/',
        '--resources',
        'items',
        '--destinaton',
        'duckdb',
        '--pipline-name',
        'shop',
        '--zzz',
        'x',
      ],
      cwd,
    );
    assert.equal(rest.code, 2, rest.stderr);
    assert.match(
      rest.stderr,
      /unknown options --destinaton \(did you mean --destination\?\), --pipline-name \(did you mean --pipeline-name\?\), --zzz; see generator-dlt rest --help/,
    );
    const composed = await runGenerator(
      'app',
      [
        '--yes',
        '--skip-install',
        '--kind',
        'rest',
        '--source',
        'http://127.0.0.1:9/',
        '--resources',
        'items',
        '--resorces',
        'x',
      ],
      cwd,
    );
    assert.equal(composed.code, 2, composed.stderr);
    assert.match(
      composed.stderr,
      /unknown option --resorces \(did you mean --resources\?\); see generator-dlt app --help \(and generator-dlt <rest\|verified\|custom\|destination> --help for the options it passes on\)/,
    );
    assert.deepEqual(projectFiles(cwd), []);
  });

  it('refuses a misspelled option on every generator: our message, the nearest option, exit 2, nothing written', async () => {
    const cases: [string, string[], RegExp][] = [
      ['app', ['--yess'], /unknown option --yess \(did you mean --yes\?\); see generator-dlt app --help/],
      ['app', ['--sourc', 'github', '--yes'], /unknown option --sourc \(did you mean --source\b/],
      [
        'verified',
        ['--sorce', 'github', '--yes'],
        /unknown option --sorce \(did you mean [^)]*--source\?\); see generator-dlt verified --help/,
      ],
      [
        'rest',
        ['--base-ur', 'http://127.0.0.1:9/', '--yes'],
        /unknown option --base-ur \(did you mean --base-url\?\); see generator-dlt rest --help/,
      ],
      [
        'custom',
        ['--pipline-name', 'shop', '--yes'],
        /unknown option --pipline-name \(did you mean --pipeline-name\?\); see generator-dlt custom --help/,
      ],
      [
        'destination',
        ['--destinaton', 'duckdb'],
        /unknown option --destinaton \(did you mean --destination\?\); see generator-dlt destination --help/,
      ],
      [
        'destination',
        ['--destination', 'filesystem', '--destination-bucket-urll=/x'],
        /unknown option --destination-bucket-urll \(did you mean --destination-bucket-url\?\)/,
      ],
      [
        'incremental',
        ['--resourse', 'items'],
        /unknown option --resourse \(did you mean --resource\?\); see generator-dlt incremental --help/,
      ],
      [
        'deploy',
        ['--targett', 'airflow', '--yes'],
        /unknown option --targett \(did you mean --target\?\); see generator-dlt deploy --help/,
      ],
      // a short option: none is declared but -h (yeoman would read -Z as an option "z")
      ['incremental', ['-z'], /unknown option -z; see generator-dlt incremental --help/],
      ['rest', ['--yes', '-Z'], /unknown option -Z; see generator-dlt rest --help/],
      ['app', ['--yes', '-Q', '-x'], /unknown options -Q, -x; see generator-dlt app --help/],
      // what commander refuses itself: an option without its value
      [
        'destination',
        ['--destination'],
        /option '--destination <value>' argument missing; see generator-dlt destination --help/,
      ],
    ];
    const cwds = cases.map(() => tempProject());
    const results = await Promise.all(
      cases.map(([name, args], index) => runGenerator(name, args, cwds[index]!)),
    );
    results.forEach((result, index) => {
      const [name, args, message] = cases[index]!;
      const label = `${name} ${args.join(' ')}`;
      assert.equal(result.code, 2, `${label}: ${result.stderr}`);
      assert.match(result.stderr, message, label);
      assert.doesNotMatch(result.stderr, /error: unknown option/, label);
      assert.deepEqual(projectFiles(cwds[index]!), [], label);
    });
  });

  it("says in rest's and custom's --help which performance settings a config.toml gets, as they are written", async () => {
    const inWords = performanceSettingsInWords();
    assert.match(
      inWords,
      /^written active: extract files not compressed \(disable_compression\), normalize in 2 processes \(workers, file_max_items\)$/,
    );
    for (const name of ['rest', 'custom']) {
      const result = await runGenerator(name, ['--help'], tempProject());
      assert.equal(result.code, 0, result.stderr);
      // commander wraps an option's description: compare the words
      const help = result.stdout.replace(/\s+/g, ' ');
      assert.ok(help.includes(inWords), `${name}: ${result.stdout}`);
      assert.doesNotMatch(help, /commented out|file rotation/, name);
    }
  });

  it('--profile on a new project: the printed run, look and smoke-test commands run under that profile', async () => {
    const [rest, custom] = await Promise.all([
      runGenerator(
        'rest',
        [
          '--base-url',
          'http://127.0.0.1:9/',
          '--resources',
          'items',
          '--auth',
          'bearer',
          '--token',
          'T',
          '--profile',
          'prod',
          '--pipeline-name',
          'sp',
          '--no-probe',
          '--yes',
          '--skip-install',
        ],
        tempProject(),
      ),
      runGenerator(
        'custom',
        ['--pipeline-name', 'cs', '--profile', 'prod', '--yes', '--skip-install'],
        tempProject(),
      ),
    ]);
    assert.equal(rest.code, 0, rest.stderr);
    assert.match(rest.stderr, /Settings and secrets went to the prod profile/);
    assert.match(rest.stderr, /^Run the pipeline: +WORKSPACE__PROFILE=prod \S*python sp_pipeline\.py$/m);
    assert.match(
      rest.stderr,
      /^See what it loaded: (?:.* && )?WORKSPACE__PROFILE=prod \S*python -m dlt pipeline sp \w+$/m,
    );
    assert.equal(custom.code, 0, custom.stderr);
    assert.match(
      custom.stderr,
      /^Smoke-test the source: WORKSPACE__PROFILE=prod \S*python -m pytest tests\/test_cs_pipeline\.py$/m,
    );
    assert.match(custom.stderr, /^Run the pipeline: +WORKSPACE__PROFILE=prod \S*python cs_pipeline\.py$/m);
  });

  it('shows every question as an option in --help', async () => {
    const result = await runGenerator('app', ['--help'], tempProject());
    assert.equal(result.code, 0, result.stderr);
    for (const option of [
      '--source',
      '--kind',
      '--destination',
      '--pipeline-name',
      '--dataset-name',
      '--run',
      '--yes',
    ]) {
      assert.match(result.stdout, new RegExp(`${option}\\b`));
    }
  });

  it('prints the declared options once: one Options block, each option on one line of it', async () => {
    const generators = ['app', 'verified', 'rest', 'custom', 'incremental', 'destination', 'deploy'];
    const helps = await Promise.all(generators.map((name) => runGenerator(name, ['--help'], tempProject())));
    helps.forEach((result, index) => {
      assert.equal(result.code, 0, `${generators[index]}: ${result.stderr}`);
      assert.equal(result.stdout.match(/^Options:$/gm)?.length, 1, `${generators[index]}: ${result.stdout}`);
      // below the Options block, USAGE is prose and examples: no line restates an option as a
      // table row (`--option [VALUE]`, then a column gap or nothing)
      const usage = result.stdout.split(/^ {2}-h, --help .*$/m)[1] ?? '';
      assert.notEqual(usage.trim(), '', `${generators[index]}: no USAGE below the options`);
      const tableRows = usage.match(/^\s+--[a-z][a-z0-9-]*(?: \S+)?(?: {2,}\S.*)?$/gm);
      assert.equal(tableRows, null, `${generators[index]}: ${tableRows?.join('\n')}`);
    });
    const incremental = helps[generators.indexOf('incremental')]!.stdout;
    // an option's own line: two blanks, the option, its <value>, blanks, its description
    assert.equal(incremental.match(/^ {2}--cursor-path <value> +\S/gm)?.length, 1, incremental);
    const verified = helps[generators.indexOf('verified')]!.stdout;
    for (const option of ['--sources-repo', '--sources-ref', '--list', '--search']) {
      assert.equal(verified.match(new RegExp(`^ {2}${option}( <value>)? +\\S`, 'gm'))?.length, 1, option);
    }
  });

  it("prints none of Yeoman's own lines: no .yo-rc.json status, no error header above ours", async () => {
    const cwd = tempProject();
    const run = await runGenerator('custom', ['--yes', '--skip-install', '--source-name', 'shop'], cwd);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(existsSync(join(cwd, '.yo-rc.json')));
    assert.doesNotMatch(run.stdout + run.stderr, /\.yo-rc\.json/);
    const refused = await runGenerator('custom', ['--yes', '--pipeline-name', '1shop'], cwd);
    assert.equal(refused.code, 2);
    assert.doesNotMatch(refused.stdout + refused.stderr, /An error occured|✖/);
    assert.match(refused.stderr, /^generator-dlt: Cannot continue/);
  });

  it('names each file once, in our files list, for every generator (no Yeoman status line per file)', async () => {
    const sources = join(repoRoot, 'test/fixtures/verified/sources');
    const api = ['--base-url', 'https://api.example.com', '--resources', 'items', '--no-probe'];
    const cwd = tempProject();
    const runs: [string, string[], string][] = [
      ['rest', api, cwd],
      ['custom', ['--source-name', 'shop'], cwd],
      [
        'verified',
        ['--source', 'sample_api', '--sources-repo', sources, '--source-args', 'status=open'],
        cwd,
      ],
      ['destination', ['--destination', 'postgres'], cwd],
      [
        'incremental',
        [
          '--file',
          'example_pipeline.py',
          '--resource',
          'items',
          '--cursor-path',
          'updated_at',
          '--primary-key',
          'id',
        ],
        cwd,
      ],
      ['deploy', ['--pipeline-name', 'example'], cwd],
      ['rest', api, cwd],
      ['app', ['--source', 'https://api.example.com/items', '--no-probe'], tempProject()],
    ];
    for (const [generator, args, folder] of runs) {
      const run = await runGenerator(generator, ['--yes', '--skip-install', ...args], folder);
      assert.equal(run.code, 0, `${generator}: ${run.stderr}`);
      const named = fileStatusLines(run.stdout + run.stderr);
      assert.deepEqual(
        named,
        [...new Set(named)],
        `${generator} names a file twice:\n${run.stdout}${run.stderr}`,
      );
      assert.ok(!named.includes('.yo-rc.json'), generator);
    }
  });

  it('a dry run names each changed file once, above its diff, and again in the files list', async () => {
    const cwd = tempProject();
    const api = ['--yes', '--skip-install', '--base-url', 'https://api.example.com', '--no-probe'];
    assert.equal((await runGenerator('rest', [...api, '--resources', 'items'], cwd)).code, 0);
    const dry = await runGenerator('rest', [...api, '--resources', 'items,orders', '--dry-run'], cwd);
    assert.equal(dry.code, 0, dry.stderr);
    const output = dry.stdout + dry.stderr;
    assert.deepEqual(
      output.split('\n').filter((line) => /^ +\w+ +example_pipeline\.py$/.test(line)),
      [' conflict example_pipeline.py', '  update   example_pipeline.py'],
    );
    assert.ok(output.indexOf('+            {"name": "orders"') < output.indexOf('Would write:'));
  });

  it('refuses --run --show without the dashboard up front (exit 2, nothing written), --no-dashboard given or kept', async () => {
    const app = ['--yes', '--skip-install', '--source', 'https://api.example.com/items', '--no-probe'];
    const cwd = tempProject();
    const given = await runGenerator('app', [...app, '--run', '--show', '--no-dashboard'], cwd);
    assert.equal(given.code, 2, given.stderr);
    assert.match(
      given.stderr,
      /--show opens dlt's dashboard, which --no-dashboard leaves out: drop one of the two/,
    );
    assert.deepEqual(projectFiles(cwd), []);

    assert.equal((await runGenerator('app', [...app, '--no-dashboard'], cwd)).code, 0);
    const before = projectContents(cwd);
    const kept = await runGenerator('app', [...app, '--run', '--show'], cwd);
    assert.equal(kept.code, 2, kept.stderr);
    assert.match(
      kept.stderr,
      /generated with --no-dashboard, kept in \.yo-rc\.json\): drop --show .*or add --dashboard/,
    );
    assert.deepEqual(projectContents(cwd), before);
  });

  it('--run with the install skipped and no environment: not run, saying why (not "dlt\'s error is above")', async () => {
    const cwd = tempProject();
    const app = [
      '--yes',
      '--skip-install',
      '--source',
      'https://api.example.com/items',
      '--no-probe',
      '--run',
    ];
    const result = await runGenerator('app', [...app, '--json'], cwd, { VIRTUAL_ENV: '' });
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as RunSummary & { run?: Record<string, unknown> };
    assert.deepEqual(summary.run, {
      pipeline: 'example',
      ran: false,
      reason: '.venv/bin/python does not exist yet (the install step did not run)',
    });
    const plain = await runGenerator('app', app, tempProject(), { VIRTUAL_ENV: '' });
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(
      plain.stdout + plain.stderr,
      /^Not running example_pipeline\.py: \.venv\/bin\/python does not exist yet/m,
    );
    assert.doesNotMatch(plain.stdout + plain.stderr, /error is above/);
  });

  it('--bail at a changed file: its name above its diff, our error (exit 2), nothing written', async () => {
    const cwd = tempProject();
    const custom = ['--yes', '--skip-install', '--source-name', 'shop'];
    assert.equal((await runGenerator('custom', custom, cwd)).code, 0);
    const mine = `${readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8')}# mine\n`;
    writeFileSync(join(cwd, 'shop_pipeline.py'), mine);
    const before = projectContents(cwd);
    const bailed = await runGenerator('custom', [...custom, '--resources', 'orders', '--bail'], cwd);
    assert.equal(bailed.code, 2, bailed.stderr);
    const output = bailed.stdout + bailed.stderr;
    assert.match(output, /^ conflict shop_pipeline\.py\n\n- removed, \+ added\n[\s\S]*^-# mine$/m);
    assert.match(
      bailed.stderr,
      /^generator-dlt: shop_pipeline\.py would change \(the diff is above\), and --bail stops/m,
    );
    assert.doesNotMatch(output, /Aborting|Process aborted/);
    assert.deepEqual(projectContents(cwd), before);
  });

  it('lists every generator of the package with one line each in the app --help', async () => {
    const result = await runGenerator('app', ['--help'], tempProject());
    assert.equal(result.code, 0, result.stderr);
    const folders = readdirSync(join(repoRoot, 'generators')).filter((name) =>
      existsSync(join(repoRoot, 'generators', name, 'index.js')),
    );
    assert.ok(folders.includes('incremental'));
    for (const name of folders) assert.match(result.stdout, new RegExp(`^ +dlt:${name} +\\S.*$`, 'm'));
    assert.match(
      result.stdout,
      /dlt:incremental +Makes one resource of an existing pipeline load incrementally/,
    );
  });

  describe('on a whole run (dlt:destination)', () => {
    it('--dry-run prints the plan and writes nothing', async () => {
      const cwd = tempProject();
      const result = await runGenerator(
        'destination',
        ['--destination', 'postgres', '--destination-password', 'pw-s3cret-42', '--yes', '--dry-run'],
        cwd,
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /secrets\.toml/);
      // the TOML keys, as the README says; never a secret's value
      assert.match(
        result.stderr,
        /^Would set these TOML keys:\n(?: {2}added {4}\.dlt\/config\.toml \[destination\.postgres\.credentials\] \w+\n)+ {2}added {4}\.dlt\/secrets\.toml \[destination\.postgres\.credentials\] password$/m,
      );
      assert.ok(!(result.stdout + result.stderr).includes('pw-s3cret-42'));
      assert.deepEqual(projectFiles(cwd), []);
    });

    it('--json prints one JSON object on stdout that names files, placeholders and requirements', async () => {
      const cwd = tempProject();
      const result = await runGenerator(
        'destination',
        ['--destination', 'postgres', '--yes', '--json', '--skip-install', '--package-manager', 'pip'],
        cwd,
      );
      assert.equal(result.code, 0, result.stderr);
      const summary = JSON.parse(result.stdout) as {
        files: { path: string }[];
        placeholders: { file: string; table: string; key: string }[];
        requirements: string[];
      };
      assert.ok(summary.files.some((file) => file.path === join('.dlt', 'secrets.toml')));
      assert.ok(summary.placeholders.some((p) => p.file === '.dlt/secrets.toml' && p.key === 'password'));
      assert.ok(summary.requirements.some((requirement) => /^dlt\[.*postgres/.test(requirement)));
      assert.ok(existsSync(join(cwd, '.dlt/secrets.toml')));
    });

    it("adds the dashboard's requirements run alone too, and says once that dlthub is under the dltHub EULA", async () => {
      const result = await runGenerator(
        'destination',
        ['--destination', 'postgres', '--yes', '--json', '--skip-install', '--package-manager', 'pip'],
        tempProject(),
      );
      assert.equal(result.code, 0, result.stderr);
      const summary = JSON.parse(result.stdout) as RunSummary;
      assert.deepEqual(summary.requirements, ['dlt[hub,postgres]>=1.27.2']);
      assert.deepEqual(summary.devRequirements, ['marimo', 'pyarrow', 'ibis-framework']);
      assert.deepEqual(summary.notices, [DLTHUB_NOTICE]);
      const text = await runGenerator('destination', ['--yes', '--skip-install'], tempProject());
      assert.equal(text.stderr.split('dltHub Software EULA').length - 1, 1, text.stderr);
    });

    it('--no-dashboard leaves the dashboard requirements out, and the summary names no `show`', async () => {
      const result = await runGenerator(
        'app',
        [
          '--source',
          'shop orders',
          '--pipeline-name',
          'shop',
          '--no-dashboard',
          '--yes',
          '--json',
          '--skip-install',
        ],
        tempProject(),
      );
      assert.equal(result.code, 0, result.stderr);
      const summary = JSON.parse(result.stdout) as RunSummary;
      assert.deepEqual(summary.requirements, ['dlt[duckdb,parquet]>=1.27.2']);
      assert.deepEqual(summary.devRequirements, ['pytest']);
      assert.deepEqual(summary.notices, []);
      // a new project is a dlt workspace, where dlt 1.31's `dlt` command refuses; `python -m dlt` runs
      assert.equal(summary.workspace, true);
      assert.match(summary.pipelines[0]!.show, /(^|&& )python -m dlt pipeline shop info$/);
    });

    it('--no-dashboard holds for the later runs in that project (kept in .yo-rc.json) until --dashboard', async () => {
      const cwd = tempProject();
      const app = [
        '--source',
        'shop orders',
        '--pipeline-name',
        'shop',
        '--no-dashboard',
        '--yes',
        '--skip-install',
      ];
      const created = await runGenerator('app', app, cwd);
      assert.equal(created.code, 0, created.stderr);
      const destination = [
        '--destination',
        'postgres',
        '--profile',
        'prod',
        '--yes',
        '--json',
        '--skip-install',
      ];
      const later = await runGenerator('destination', destination, cwd);
      assert.equal(later.code, 0, later.stderr);
      const summary = JSON.parse(later.stdout) as RunSummary;
      assert.deepEqual(summary.requirements, ['dlt[duckdb,parquet,postgres]>=1.27.2']);
      assert.deepEqual(summary.devRequirements, []);
      assert.deepEqual(summary.notices, []);

      const asked = await runGenerator('destination', [...destination, '--dashboard'], cwd);
      assert.equal(asked.code, 0, asked.stderr);
      const withDashboard = JSON.parse(asked.stdout) as RunSummary;
      assert.deepEqual(withDashboard.requirements, ['dlt[duckdb,parquet,postgres,hub]>=1.27.2']);
      assert.deepEqual(withDashboard.notices, [DLTHUB_NOTICE]);
      assert.doesNotMatch(readFileSync(join(cwd, '.yo-rc.json'), 'utf8'), /dashboard/);
    });

    it('--point-pipelines is consent enough to edit those scripts, with no terminal and no --force', async () => {
      const cwd = tempProject();
      const rest = await runGenerator(
        'rest',
        [
          '--pipeline-name',
          'shop',
          '--resources',
          'orders',
          '--yes',
          '--skip-install',
          '--package-manager',
          'pip',
        ],
        cwd,
      );
      assert.equal(rest.code, 0, rest.stderr);
      const result = await runGenerator(
        'destination',
        ['--destination', 'postgres', '--point-pipelines', 'shop', '--yes', '--skip-install'],
        cwd,
      );
      assert.equal(result.code, 0, result.stderr);
      // postgres takes no parquet as written: the run's format goes; the config names the destination
      assert.doesNotMatch(
        readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8'),
        /loader_file_format|destination=/,
      );
      assert.match(
        readFileSync(join(cwd, '.dlt/config.toml'), 'utf8'),
        /\[pipelines\.shop\]\ndestination_type = "postgres"\n/,
      );
    });

    it('runs as root (CI does), which yo itself refuses', async function () {
      if (process.getuid?.() !== 0) this.skip();
      const cwd = tempProject();
      const result = await runGenerator(
        'destination',
        ['--destination', 'duckdb', '--yes', '--skip-install'],
        cwd,
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(readFileSync(join(cwd, '.yo-rc.json'), 'utf8'), /"destination": "duckdb"/);
    });
  });
});
