import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { CHECKOUT, SETUP_PYTHON, SETUP_UV } from '../../../generators/deploy/actions.js';
import { validateCron } from '../../../generators/deploy/cron.js';
import type { DeployablePipeline } from '../../../generators/deploy/pipelines.js';
import { type DeployInput, type DeployProject, planDeploy } from '../../../generators/deploy/plan.js';
import { pipelineSecrets } from '../../../generators/deploy/secrets.js';
import { isUsageError } from '../../../shared/plan/errors.js';

const pipeline: DeployablePipeline = {
  name: 'shop',
  script: 'shop_pipeline.py',
  module: 'shop_pipeline',
  destination: 'bigquery',
  datasetName: 'shop_data',
  source: { function: 'shop_source', text: 'shop_source()', runArguments: ['loader_file_format="parquet"'] },
  sections: ['shop_pipeline', 'shop'],
};

const project: DeployProject = {
  packageManager: 'uv',
  repositoryPath: '',
  pythonVersionFile: false,
  pythonVersion: '3.11',
  locked: true,
  requirementFiles: ['requirements.txt'],
};

const secrets = pipelineSecrets(
  [
    {
      file: '.dlt/secrets.toml',
      text: [
        '[sources.shop_pipeline.shop]',
        'access_token = "tok_secret_value"',
        '[sources.crm_pipeline]',
        'api_key = "other_pipeline_key"',
        '[destination.bigquery.credentials]',
        'private_key = "-----BEGIN"',
        'client_email = "x@y.z"',
        '[destination.postgres.credentials]',
        'password = "pg"',
      ].join('\n'),
    },
  ],
  { sections: pipeline.sections, otherSections: ['crm_pipeline'], destination: 'bigquery' },
);

const input = (changes: Partial<DeployInput> = {}): DeployInput => ({
  target: 'github-actions',
  pipeline,
  schedule: '0 2 * * *',
  decompose: 'serialize',
  secrets,
  loadsInto: 'bigquery',
  project,
  ...changes,
});

interface Workflow {
  on: { schedule: { cron: string }[]; workflow_dispatch: null };
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<
    string,
    {
      'runs-on': string;
      defaults?: { run: { 'working-directory': string } };
      steps: { uses?: string; with?: Record<string, unknown>; run?: string; env?: Record<string, string> }[];
    }
  >;
}

const workflowOf = (changes: Partial<DeployInput> = {}) => {
  const file = planDeploy(input(changes)).files[0]!;
  return { path: file.path, text: file.contents, workflow: parseYaml(file.contents) as Workflow };
};

describe('dlt:deploy secrets', () => {
  it("names the pipeline's own secrets as dlt's environment variables, not other pipelines' or destinations'", () => {
    assert.deepEqual(
      secrets.variables.map((variable) => variable.name),
      [
        'DESTINATION__BIGQUERY__CREDENTIALS__CLIENT_EMAIL',
        'DESTINATION__BIGQUERY__CREDENTIALS__PRIVATE_KEY',
        'SOURCES__SHOP_PIPELINE__SHOP__ACCESS_TOKEN',
      ],
    );
    assert.deepEqual(secrets.unusable, []);
  });

  it('keeps sections nobody claims, and reports keys no secret store accepts', () => {
    const found = pipelineSecrets(
      [
        {
          file: '.dlt/secrets.toml',
          text: 'api_key = "a"\n[sources.unknown]\n"bad-key" = "b"\ntoken = "c"\n',
        },
      ],
      { sections: ['shop'], otherSections: [] },
    );
    assert.deepEqual(
      found.variables.map((variable) => variable.name),
      ['API_KEY', 'SOURCES__UNKNOWN__TOKEN'],
    );
    assert.deepEqual(found.unusable, ['.dlt/secrets.toml sources.unknown.bad-key']);
  });
});

describe('dlt:deploy --target github-actions', () => {
  it('runs on the schedule and on demand, read-only, one run at a time, with pinned actions', () => {
    const { path, workflow } = workflowOf();
    assert.equal(path, '.github/workflows/shop.yml');
    assert.deepEqual(workflow.on.schedule, [{ cron: '0 2 * * *' }]);
    assert.ok('workflow_dispatch' in workflow.on);
    assert.deepEqual(workflow.permissions, { contents: 'read' });
    assert.deepEqual(workflow.concurrency, { group: 'dlt-pipeline-shop', 'cancel-in-progress': false });
    const job = Object.values(workflow.jobs)[0]!;
    const uses = job.steps.filter((step) => step.uses).map((step) => step.uses);
    assert.deepEqual(uses, [`actions/checkout@${CHECKOUT.sha}`, `astral-sh/setup-uv@${SETUP_UV.sha}`]);
    for (const sha of [CHECKOUT.sha, SETUP_UV.sha, SETUP_PYTHON.sha]) assert.match(sha, /^[0-9a-f]{40}$/);
    assert.equal(job.steps[0]!.with!['persist-credentials'], false);
  });

  it('fills every secret from the repository secrets and never writes a value', () => {
    const { text, workflow } = workflowOf();
    const run = Object.values(workflow.jobs)[0]!.steps.at(-1)!;
    assert.equal(run.run, 'uv run --no-sync python shop_pipeline.py');
    assert.deepEqual(
      run.env,
      Object.fromEntries(secrets.variables.map(({ name }) => [name, `\${{ secrets.${name} }}`])),
    );
    for (const value of ['tok_secret_value', 'other_pipeline_key', 'BEGIN']) assert.ok(!text.includes(value));
    assert.ok(!text.includes('CRM_PIPELINE'));
    const plan = planDeploy(input());
    assert.ok(plan.nextSteps.includes('  gh secret set SOURCES__SHOP_PIPELINE__SHOP__ACCESS_TOKEN'));
    assert.ok(plan.files.every((file) => file.rule === 'keep-user-edits'));
  });

  it("--profile: the secrets step names the files the values are in (the profile's), not only .dlt/secrets.toml", () => {
    const profiled = pipelineSecrets(
      [{ file: '.dlt/prod.secrets.toml', text: '[destination.bigquery.credentials]\nprivate_key = "k"\n' }],
      { sections: pipeline.sections, otherSections: [], destination: 'bigquery' },
    );
    const plan = planDeploy(input({ profile: 'prod', secrets: profiled }));
    const step = plan.nextSteps.find((line) => line.startsWith('Create the repository secrets'));
    assert.match(step!, /see \.dlt\/prod\.secrets\.toml\):$/);
    const plain = planDeploy(input()).nextSteps.find((line) =>
      line.startsWith('Create the repository secrets'),
    );
    assert.match(plain!, /see \.dlt\/secrets\.toml\):$/);
  });

  it("installs with the project's own package manager", () => {
    const installs = (packageManager: DeployProject['packageManager'], locked = true) =>
      Object.values(workflowOf({ project: { ...project, packageManager, locked } }).workflow.jobs)[0]!
        .steps.filter((step) => step.run)
        .map((step) => step.run);
    assert.deepEqual(installs('uv'), [
      'uv sync --no-dev --locked',
      'uv run --no-sync python shop_pipeline.py',
    ]);
    assert.deepEqual(installs('uv', false), ['uv sync --no-dev', 'uv run --no-sync python shop_pipeline.py']);
    assert.deepEqual(installs('poetry'), [
      'pipx install poetry',
      'poetry install --no-root --only main',
      'poetry run python shop_pipeline.py',
    ]);
    assert.deepEqual(installs('pipenv'), [
      'pipx install pipenv',
      'pipenv install --deploy',
      'pipenv run python shop_pipeline.py',
    ]);
    assert.deepEqual(installs('pdm'), [
      'pipx install pdm',
      'pdm install --prod --frozen-lockfile',
      'pdm run python shop_pipeline.py',
    ]);
    assert.deepEqual(installs('pip'), [
      'python -m pip install -r requirements.txt',
      'python shop_pipeline.py',
    ]);
  });

  it('in a project below the repository root: works in the project folder, and says to move the file to the root', () => {
    const subfolder: DeployProject = {
      ...project,
      repositoryPath: 'pipelines/shop',
      pythonVersionFile: true,
    };
    const { path, workflow } = workflowOf({ project: subfolder });
    assert.equal(path, '.github/workflows/shop.yml');
    assert.ok(
      planDeploy(input({ project: subfolder })).nextSteps.includes(
        'GitHub reads workflows only from the repository root: move it there (it runs in pipelines/shop): ' +
          'git mv pipelines/shop/.github/workflows/shop.yml .github/workflows/shop.yml (from the repository root)',
      ),
    );
    const job = Object.values(workflow.jobs)[0]!;
    assert.deepEqual(job.defaults, { run: { 'working-directory': 'pipelines/shop' } });
    assert.deepEqual(job.steps[1]!.with, { 'working-directory': 'pipelines/shop' });
  });

  it('warns that a local destination does not outlive the runner', () => {
    assert.deepEqual(planDeploy(input()).warnings, []);
    const local = planDeploy(input({ loadsInto: 'duckdb' }));
    assert.match(local.warnings[0]!, /duckdb: on a GitHub runner local files are gone/);
  });
});

describe('dlt:deploy --target dagster and airflow', () => {
  it('dagster: dlt_assets over the source call, a scheduled job, dagster and dagster-dlt', () => {
    const plan = planDeploy(input({ target: 'dagster' }));
    assert.deepEqual(
      plan.files.map((file) => file.path),
      ['shop_definitions.py'],
    );
    const text = plan.files[0]!.contents;
    assert.match(text, /^from shop_pipeline import shop_source$/m);
    assert.match(text, /@dlt_assets\(\n {4}dlt_source=shop_source\(\),\n {4}dlt_pipeline=dlt\.pipeline\(/);
    assert.match(text, /destination="bigquery",/);
    assert.match(text, /cron_schedule="0 2 \* \* \*"/);
    assert.match(
      text,
      /yield from dlt_resource\.run\(\n {8}context=context,\n {8}loader_file_format="parquet",\n {4}\)/,
    );
    assert.match(text, /^ {4}SOURCES__SHOP_PIPELINE__SHOP__ACCESS_TOKEN$/m);
    assert.ok(!text.includes('tok_secret_value'));
    assert.deepEqual(plan.requirements, ['dagster', 'dagster-dlt']);
    assert.deepEqual(plan.devRequirements, ['dagster-webserver']);
  });

  it('airflow: an Airflow 3 DAG with PipelineTasksGroup, serialize by default, and the settings under dags/', () => {
    const plan = planDeploy(
      input({
        target: 'airflow',
        project: { ...project, configToml: '[sources.shop_pipeline.shop]\nbase_url = "x"\n' },
      }),
    );
    assert.deepEqual(
      plan.files.map((file) => file.path),
      ['dags/shop.py', 'dags/.dlt/config.toml'],
    );
    const dag = plan.files[0]!.contents;
    assert.match(dag, /^from airflow\.sdk import dag$/m);
    assert.match(dag, /schedule="0 2 \* \* \*"/);
    assert.doesNotMatch(dag, /schedule_interval/);
    assert.match(
      dag,
      /pipeline_module\.shop_source\(\),\n {8}decompose="serialize",\n {8}loader_file_format="parquet",/,
    );
    assert.equal(plan.files[1]!.contents, '[sources.shop_pipeline.shop]\nbase_url = "x"\n');
    assert.ok(plan.files.every((file) => file.rule === 'keep-user-edits'));
    const parallel = planDeploy(input({ target: 'airflow', decompose: 'parallel' })).files[0]!.contents;
    assert.match(parallel, /decompose="parallel"/);
  });

  it('airflow --profile: the DAG sets WORKSPACE__PROFILE, and its settings are the profile’s on top of the plain ones', () => {
    const configToml =
      '# mine\n[sources.shop]\nbase_url = "http://x"\n\n[pipelines.shop]\ndestination_type = "duckdb"\n';
    const plan = planDeploy(
      input({
        target: 'airflow',
        profile: 'prod',
        pipeline: { ...pipeline, destination: undefined },
        project: {
          ...project,
          configToml,
          profileConfigToml:
            '[pipelines.shop]\ndestination_type = "postgres"\n\n[destination.postgres]\nport = 5433\n',
        },
      }),
    );
    const dag = plan.files[0]!.contents;
    assert.match(dag, /^import os$/m);
    assert.match(
      dag,
      /^def shop_dag\(\):\n(?: {4}#.*\n)? {4}os\.environ\["WORKSPACE__PROFILE"\] = "prod"\n {4}tasks = PipelineTasksGroup\(/m,
    );
    assert.match(dag, /It runs with the dlt workspace profile prod/);
    // the script names no destination: neither does the DAG, dlt reads it from the settings
    assert.doesNotMatch(dag, /destination=/);
    assert.equal(
      plan.files[1]!.contents,
      '# mine\n[sources.shop]\nbase_url = "http://x"\n\n[pipelines.shop]\ndestination_type = "postgres"\n\n' +
        '[destination.postgres]\nport = 5433\n',
    );
    const noProfile = planDeploy(input({ target: 'airflow', project: { ...project, configToml } }));
    assert.doesNotMatch(noProfile.files[0]!.contents, /WORKSPACE__PROFILE|import os/);
    assert.equal(noProfile.files[1]!.contents, configToml);
    assert.throws(
      () =>
        planDeploy(
          input({
            target: 'airflow',
            profile: 'prod',
            project: { ...project, configToml, profileConfigToml: '[x]\nwhen = 2024-01-01\n' },
          }),
        ),
      /dags\/\.dlt\/config\.toml cannot carry \.dlt\/prod\.config\.toml \[x\] when/,
    );
  });

  it('refuses, naming the reason, a script whose run it cannot rebuild', () => {
    const unreadable = { ...pipeline, notRebuildable: 'shop_pipeline.py calls pipeline.run(...) 2 times' };
    for (const target of ['dagster', 'airflow'] as const) {
      assert.throws(
        () => planDeploy(input({ target, pipeline: unreadable })),
        (error: unknown) =>
          isUsageError(error) && /calls pipeline\.run\(\.\.\.\) 2 times/.test(String(error)),
      );
    }
    assert.equal(planDeploy(input({ pipeline: unreadable })).files.length, 1);
  });
});

describe('dlt:deploy --schedule', () => {
  it('takes five-field cron expressions and says what is wrong with others', () => {
    for (const cron of ['0 2 * * *', '*/15 * * * 1-5', '0 6,18 1 JAN MON'])
      assert.equal(validateCron(cron), true);
    for (const cron of ['@daily', '0 2 * *', '0 2 * * * *', 'every day']) {
      assert.match(String(validateCron(cron)), /five fields/);
    }
  });
});
