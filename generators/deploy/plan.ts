/**
 * What `yo dlt:deploy` writes for one pipeline and one engine, decided from the answers and what
 * the shell read of the project. Pure: the generator applies it.
 */

import type { PackageManager } from '../../shared/packages/detect.js';
import { UsageError } from '../../shared/plan/errors.js';
import { emptyPlan, type Plan, type TextFile } from '../../shared/plan/plan.js';
import { tomlFiles } from '../../shared/toml/profile-files.js';
import { airflowSettings } from './airflow-settings.js';
import type { DeployablePipeline } from './pipelines.js';
import {
  type Decompose,
  type OrchestratedPipeline,
  renderAirflowDag,
  renderDagsterDefinitions,
} from './render-orchestrators.js';
import { renderWorkflow } from './render-workflow.js';
import type { SecretsSelection } from './secrets.js';

export const TARGETS = ['github-actions', 'dagster', 'airflow'] as const;
export type Target = (typeof TARGETS)[number];

export interface DeployProject {
  packageManager: PackageManager;
  /** The project folder relative to the git repository's root ('' when it is the root, or no repository). */
  repositoryPath: string;
  pythonVersionFile: boolean;
  /** The Python the workflow sets up when there is no .python-version (see python-version.ts). */
  pythonVersion: string;
  locked: boolean;
  requirementFiles: string[];
  /** The project's .dlt/config.toml, when it has one (Airflow reads a copy under dags/). */
  configToml?: string;
  /** The deployment profile's .dlt/<profile>.config.toml, when it has one (on top of the copy). */
  profileConfigToml?: string;
}

export interface DeployInput {
  target: Target;
  pipeline: DeployablePipeline;
  schedule: string;
  decompose: Decompose;
  secrets: SecretsSelection;
  /** The dlt workspace profile the deployment runs with (WORKSPACE__PROFILE). */
  profile?: string;
  /** Where the pipeline loads under that profile: named in its script, else in the project's config. */
  loadsInto?: string;
  project: DeployProject;
}

export interface DeployPlan extends Plan {
  files: TextFile[];
  /** Dagster: the definitions module, started with `dagster dev -f` once the run knows how to call tools. */
  dagsterModule?: string;
}

/** Destinations that write to the machine the pipeline runs on: gone with a CI runner. */
const LOCAL_DESTINATIONS = new Set(['duckdb', 'filesystem', 'ducklake']);

function orchestrated(input: DeployInput): OrchestratedPipeline {
  const { pipeline } = input;
  if (pipeline.notRebuildable || !pipeline.source || !pipeline.module) {
    throw new UsageError(
      `--target ${input.target} rebuilds the pipeline's run, and ${pipeline.notRebuildable ?? 'its source call cannot be read'}; ` +
        'change the script so, or use --target github-actions, which runs the script as it is. Nothing was written.',
    );
  }
  return {
    pipelineName: pipeline.name,
    script: pipeline.script,
    module: pipeline.module,
    source: pipeline.source,
    ...(pipeline.destination ? { destination: pipeline.destination } : {}),
    ...(pipeline.datasetName ? { datasetName: pipeline.datasetName } : {}),
    schedule: input.schedule,
    secrets: input.secrets.variables,
    ...(input.profile ? { profile: input.profile } : {}),
  };
}

export function dagsterModulePath(pipelineName: string): string {
  return `${pipelineName}_definitions.py`;
}

/** dags/.dlt/config.toml: the project's settings, the deployment profile's on top (see airflow-settings.ts). */
function airflowConfig(input: DeployInput): string | undefined {
  const { configToml, profileConfigToml } = input.project;
  if (!input.profile || profileConfigToml === undefined) return configToml;
  const profileFile = tomlFiles(input.profile).config;
  const { text, leftOut } = airflowSettings(configToml ?? '', profileConfigToml, profileFile);
  if (leftOut.length > 0) {
    throw new UsageError(
      `dags/.dlt/config.toml cannot carry ${leftOut.join(', ')} (a date or an array of tables); ` +
        `write it as a string or an inline value in ${profileFile}, and run again. Nothing was written.`,
    );
  }
  return text;
}

export function planDeploy(input: DeployInput): DeployPlan {
  const { pipeline, secrets, project } = input;
  const names = secrets.variables.map(({ name }) => name);
  const warnings = secrets.unusable.map(
    (key) =>
      `${key} cannot become an environment variable a secret store accepts; rename the key or set it by hand`,
  );
  const plan: DeployPlan = { ...emptyPlan(), files: [], warnings };
  /** The secret names to create in the engine, with how: first among the next steps. */
  const secretSteps: string[] = [];
  // every file is generated whole: one the user edited since is kept (and reported) on a re-run
  const file = (path: string, contents: string) =>
    plan.files.push({ path, contents, rule: 'keep-user-edits' });
  switch (input.target) {
    case 'github-actions': {
      // written inside the project (generator-dlt writes nowhere else), for the repository root
      const path = `.github/workflows/${pipeline.name}.yml`;
      file(
        path,
        renderWorkflow({
          pipelineName: pipeline.name,
          script: pipeline.script,
          schedule: input.schedule,
          packageManager: project.packageManager,
          workingDirectory: project.repositoryPath,
          pythonVersionFile: project.pythonVersionFile,
          pythonVersion: project.pythonVersion,
          locked: project.locked,
          requirementFiles: project.requirementFiles,
          secrets: secrets.variables,
          ...(input.profile ? { profile: input.profile } : {}),
        }),
      );
      if (names.length > 0) {
        secretSteps.push(
          `Create the repository secrets the workflow reads (each asks for its value; see ${secretFiles(secrets.variables)}):`,
          ...names.map((name) => `  gh secret set ${name}`),
        );
      }
      if (project.repositoryPath) {
        plan.nextSteps.push(
          `GitHub reads workflows only from the repository root: move it there (it runs in ${project.repositoryPath}): ` +
            `git mv ${project.repositoryPath}/${path} ${path} (from the repository root)`,
        );
      }
      plan.nextSteps.push(`Commit the workflow; run it now with: gh workflow run ${pipeline.name}.yml`);
      if (!input.loadsInto || LOCAL_DESTINATIONS.has(input.loadsInto)) {
        plan.warnings.push(
          `the pipeline loads into ${input.loadsInto ?? 'a destination set in code'}: on a GitHub runner ` +
            'local files are gone when the job ends; point it at a warehouse or bucket (yo dlt:destination)',
        );
      }
      break;
    }
    case 'dagster': {
      const spec = orchestrated(input);
      const path = dagsterModulePath(pipeline.name);
      plan.dagsterModule = path;
      file(path, renderDagsterDefinitions(spec, `dagster dev -f ${path}`));
      plan.requirements.push('dagster', 'dagster-dlt');
      plan.devRequirements.push('dagster-webserver');
      if (names.length > 0) {
        secretSteps.push(
          'Set these environment variables where Dagster runs (Dagster+: Deployment > Environment variables):',
          ...names.map((name) => `  ${name}`),
          ...(input.profile ? [`  WORKSPACE__PROFILE=${input.profile}`] : []),
        );
      }
      break;
    }
    case 'airflow': {
      const spec = orchestrated(input);
      file(`dags/${pipeline.name}.py`, renderAirflowDag(spec, input.decompose));
      const settings = airflowConfig(input);
      if (settings !== undefined) file('dags/.dlt/config.toml', settings);
      plan.devRequirements.push('apache-airflow>=3.0');
      if (names.length > 0) {
        secretSteps.push(
          'Set these environment variables on the Airflow workers and DAG processor:',
          ...names.map((name) => `  ${name}`),
        );
      }
      plan.nextSteps.push(
        `Airflow installs the project's requirements (dlt and its destination extra) with dags/; ` +
          `try the DAG locally with: airflow dags test ${pipeline.name}`,
      );
      break;
    }
  }
  plan.nextSteps.unshift(...secretSteps);
  return plan;
}

/** The secrets files the values are in now (a profile's first, as dlt reads them), for the summary. */
function secretFiles(variables: readonly { file: string }[]): string {
  return [...new Set(variables.map(({ file }) => file))].join(' and ');
}
