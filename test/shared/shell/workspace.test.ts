import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers from 'yeoman-test';
import { emptyPlan } from '../../../shared/plan/plan.js';
import type { RunState } from '../../../shared/plan/run-state.js';
import { buildSummary, formatSummary } from '../../../shared/project/summary.js';
import { projectLayout, userPipelinesDir } from '../../../shared/project/workspace.js';
import { DltGenerator, type DltOptions } from '../../../shared/shell/dlt-generator.js';
import { tempProject } from '../../support/cli.js';

/** A generator that settles its (no) questions, writes one setting and announces one pipeline. */
class WorkspaceProbe extends DltGenerator {
  constructor(args?: string[], options?: DltOptions) {
    super(args, options, []);
  }

  protected override installsNothing = true;

  async prompting(): Promise<void> {
    await this.resolveQuestions();
  }

  async writing(): Promise<void> {
    await this.writeToml([{ table: ['sources', 'shop'], key: 'base_url', value: 'http://x', secret: false }]);
    this.registerPipeline({ name: 'shop', script: 'shop_pipeline.py' });
  }

  override end(): void {}

  summary(): ReturnType<typeof buildSummary> {
    return buildSummary(this.state, this.summaryContext);
  }
}

/** The same, through a plan that writes a pipeline loading into postgres, as the pipeline generators do. */
class PipelinePlanProbe extends WorkspaceProbe {
  override async writing(): Promise<void> {
    await this.applyPlan({
      ...emptyPlan(),
      toml: [{ table: ['sources', 'shop'], key: 'base_url', value: 'http://x', secret: false }],
      pipelines: [{ name: 'shop', script: 'shop_pipeline.py', destination: 'postgres' }],
    });
  }
}

async function probe(
  cwd: string,
  options: Record<string, unknown> = {},
  answers: Record<string, unknown> = {},
  probeClass: typeof WorkspaceProbe = WorkspaceProbe,
): Promise<{ state: RunState; summary: ReturnType<typeof buildSummary> }> {
  const result = await helpers
    .run(probeClass, { tmpdir: false, cwd, autoCleanup: false, namespace: 'dlt:probe' })
    .withOptions({ skipInstall: true, ...options } as never)
    .withAnswers(answers);
  const generator = result.generator as unknown as WorkspaceProbe;
  return { state: generator.state, summary: generator.summary() };
}

const read = (cwd: string, file: string) => readFileSync(join(cwd, file), 'utf8');

function plainProject(): string {
  const cwd = tempProject('dlt-ws-');
  mkdirSync(join(cwd, '.dlt'));
  writeFileSync(join(cwd, '.dlt/config.toml'), '[sources.shop]\nbase_url = "http://x"\n');
  writeFileSync(join(cwd, 'shop_pipeline.py'), 'import dlt\n');
  return cwd;
}

/** Runs `body` with DLT_DATA_DIR pointing at a folder where dlt keeps state for a pipeline named shop. */
async function withSharedState<T>(body: () => Promise<T>): Promise<T> {
  const dataDir = tempProject('dlt-ws-data-');
  mkdirSync(join(dataDir, 'pipelines', 'shop'), { recursive: true });
  const before = process.env.DLT_DATA_DIR;
  process.env.DLT_DATA_DIR = dataDir;
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env.DLT_DATA_DIR;
    else process.env.DLT_DATA_DIR = before;
  }
}

describe('dlt workspace: where a project keeps its pipeline state', () => {
  it('tells a workspace, a new folder and a project with dlt files apart', () => {
    const files = (paths: string[]) => ({
      exists: (path: string) => paths.includes(path),
      list: (dir: string) =>
        paths
          .filter((path) => (dir === '.' ? !path.includes('/') : path.startsWith(`${dir}/`)))
          .map((path) => path.slice(dir === '.' ? 0 : dir.length + 1)),
    });
    assert.equal(projectLayout(files(['.dlt/.workspace'])), 'workspace');
    assert.equal(projectLayout(files(['README.md', 'pyproject.toml'])), 'new');
    assert.equal(projectLayout(files(['.dlt/.generator-dlt.lock'])), 'new', 'only the run lock');
    assert.equal(projectLayout(files(['.dlt/config.toml'])), 'plain');
    assert.equal(projectLayout(files(['shop_pipeline.py'])), 'plain');
  });

  it("follows dlt's global_dir: DLT_DATA_DIR, /var/dlt as root, XDG_DATA_HOME without ~/.dlt, else ~/.dlt", () => {
    const home = tempProject('dlt-ws-home-');
    assert.equal(userPipelinesDir({ DLT_DATA_DIR: '/d' }, true, home), '/d/pipelines');
    assert.equal(userPipelinesDir({}, true, home), '/var/dlt/pipelines');
    assert.equal(userPipelinesDir({ XDG_DATA_HOME: '/x' }, false, home), '/x/dlt/pipelines');
    mkdirSync(join(home, '.dlt'));
    assert.equal(userPipelinesDir({ XDG_DATA_HOME: '/x' }, false, home), join(home, '.dlt', 'pipelines'));
  });

  it('makes a new project a workspace, git-ignores what dlt writes there and prints a dashboard command that runs there', async () => {
    const cwd = tempProject('dlt-ws-');
    const { state, summary } = await probe(cwd);
    assert.equal(read(cwd, '.dlt/.workspace'), '');
    assert.equal(state.files.get('.dlt/.workspace'), 'create');
    for (const pattern of ['.dlt/state/', '.dlt/data/', '.dlt/profile-name', '*.secrets.toml']) {
      assert.ok(read(cwd, '.gitignore').split('\n').includes(pattern), pattern);
    }
    assert.equal(summary.workspace, true);
    assert.match(summary.pipelines[0]!.show, /(^|&& )python -m dlt pipeline shop show$/);
    assert.deepEqual(state.warnings, []);
  });

  it('--no-workspace keeps a new project in the per-user layout, with the dlt dashboard command', async () => {
    const cwd = tempProject('dlt-ws-');
    const { summary } = await probe(cwd, { workspace: false });
    assert.ok(!existsSync(join(cwd, '.dlt/.workspace')));
    assert.doesNotMatch(read(cwd, '.gitignore'), /\.dlt\/state/);
    assert.match(summary.pipelines[0]!.show, /(^|&& )python -m dlt pipeline shop show$/);
  });

  it('does not convert an existing project silently; warns when dlt keeps state for its pipeline name elsewhere', async () => {
    const cwd = plainProject();
    const { state, summary } = await withSharedState(() => probe(cwd));
    assert.ok(!existsSync(join(cwd, '.dlt/.workspace')));
    assert.equal(summary.workspace, false);
    const warning = state.warnings.find((text) =>
      text.includes('already keeps state for a pipeline named shop'),
    );
    assert.ok(warning, state.warnings.join('\n'));
    assert.match(warning, /--workspace/);
    const { state: quiet } = await probe(plainProject());
    assert.deepEqual(
      quiet.warnings.filter((text) => text.includes('keeps state')),
      [],
    );
  });

  it('--workspace converts an existing project and says what dlt no longer reads', async () => {
    const cwd = plainProject();
    const { state } = await probe(cwd, { workspace: true });
    assert.equal(read(cwd, '.dlt/.workspace'), '');
    assert.ok(state.warnings.some((text) => /now a dlt workspace/.test(text)));
  });

  it('asks an existing project in a terminal, and keeps a "no" in .yo-rc.json', async () => {
    const cwd = plainProject();
    await probe(cwd, { interactive: true }, { convert: false });
    assert.ok(!existsSync(join(cwd, '.dlt/.workspace')));
    const stored = Object.values(
      JSON.parse(read(cwd, '.yo-rc.json')) as Record<string, { workspace?: boolean }>,
    );
    assert.ok(stored.some((config) => config.workspace === false));
    await probe(cwd, { interactive: true }, { convert: true });
    assert.ok(!existsSync(join(cwd, '.dlt/.workspace')), 'asked again after a no');
    const other = plainProject();
    await probe(other, { interactive: true }, { convert: true });
    assert.equal(read(other, '.dlt/.workspace'), '');
  });

  it('--profile needs a workspace: on an existing project without --workspace it exits 2, writing nothing', async () => {
    const cwd = plainProject();
    await assert.rejects(probe(cwd, { profile: 'prod' }), (error: Error & { exitCode?: number }) => {
      assert.match(error.message, /--profile prod: dlt has profiles only in a dlt workspace.*--workspace/);
      return true;
    });
    assert.ok(!existsSync(join(cwd, '.dlt/prod.config.toml')));
    assert.ok(!existsSync(join(cwd, '.dlt/.workspace')));
    await assert.rejects(probe(tempProject('dlt-ws-'), { profile: '../prod' }), /not a profile name/);
  });

  it('--profile on a new project: the profile files, and the summary names the profile and how to run under it', async () => {
    const cwd = tempProject('dlt-ws-');
    const { summary } = await probe(cwd, { profile: 'prod' });
    assert.match(read(cwd, '.dlt/prod.config.toml'), /base_url = "http:\/\/x"/);
    assert.ok(!existsSync(join(cwd, '.dlt/config.toml')));
    assert.equal(summary.profile, 'prod');
    assert.deepEqual(
      summary.toml.map(({ file }) => file),
      ['.dlt/prod.config.toml'],
    );
  });

  it("--profile: a new pipeline's destination goes to the plain config, for every profile, and the summary says so", async () => {
    const cwd = tempProject('dlt-ws-');
    const { summary } = await probe(cwd, { profile: 'prod' }, {}, PipelinePlanProbe);
    assert.equal(
      read(cwd, '.dlt/config.toml').match(/\[pipelines\.shop\]\ndestination_type = "(\w+)"/)?.[1],
      'postgres',
    );
    assert.doesNotMatch(read(cwd, '.dlt/prod.config.toml'), /pipelines|destination_type/);
    assert.match(read(cwd, '.dlt/prod.config.toml'), /base_url = "http:\/\/x"/);
    const text = formatSummary(summary);
    // no secret in this run: no secrets file was written, and none is named
    assert.match(text, /Settings went to the prod profile \(\.dlt\/prod\.config\.toml\);/);
    assert.doesNotMatch(text, /prod\.secrets\.toml/);
    assert.match(
      text,
      /For every profile \(the plain files\): \.dlt\/config\.toml \[pipelines\.shop\] destination_type\./,
    );
    // the pipeline's settings are in prod's files only: the commands printed run under prod
    assert.match(text, /^Run the pipeline: +WORKSPACE__PROFILE=prod \S*python shop_pipeline\.py$/m);
    assert.match(
      text,
      /^See what it loaded: (?:.* && )?WORKSPACE__PROFILE=prod \S*python -m dlt pipeline shop \w+$/m,
    );
    assert.match(text, /the commands above run it under prod/);
  });
});
