import type { SourceCall } from './pipelines.js';
import type { SecretVariable } from './secrets.js';

export interface OrchestratedPipeline {
  pipelineName: string;
  script: string;
  module: string;
  source: SourceCall;
  destination?: string;
  datasetName?: string;
  schedule: string;
  secrets: readonly SecretVariable[];
  /** The dlt workspace profile the run uses (WORKSPACE__PROFILE). */
  profile?: string;
}

const q = (text: string) => JSON.stringify(text);

function pipelineCall(spec: OrchestratedPipeline, level: string): string {
  const args = [
    `pipeline_name=${q(spec.pipelineName)}`,
    ...(spec.destination ? [`destination=${q(spec.destination)}`] : []),
    ...(spec.datasetName ? [`dataset_name=${q(spec.datasetName)}`] : []),
  ];
  return `dlt.pipeline(\n${args.map((arg) => `${level}    ${arg},\n`).join('')}${level})`;
}

function secretLines(spec: OrchestratedPipeline): string[] {
  return spec.secrets.length > 0 ? spec.secrets.map(({ name }) => `    ${name}`) : ['    (none)'];
}

function profileLines(spec: OrchestratedPipeline): string {
  return spec.profile
    ? `\nand WORKSPACE__PROFILE=${spec.profile}, the dlt workspace profile it runs with.\n`
    : '';
}

/** The profile an Airflow DAG runs with: set by the DAG itself, its settings copied under dags/. */
function airflowProfileLines(spec: OrchestratedPipeline): string {
  if (!spec.profile) return '';
  const { profile } = spec;
  return [
    '',
    `It runs with the dlt workspace profile ${profile} (WORKSPACE__PROFILE, set below):`,
    `dags/.dlt/config.toml holds .dlt/${profile}.config.toml's settings on top of`,
    `.dlt/config.toml's, and the secrets above include .dlt/${profile}.secrets.toml's.`,
    '',
  ].join('\n');
}

/** dagster-dlt's run arguments: the context, then the script's own run settings (magic trailing comma). */
function runArguments(spec: OrchestratedPipeline): string {
  const { runArguments: extra } = spec.source;
  if (extra.length === 0) return 'context=context';
  return `\n${['context=context', ...extra].map((arg) => `        ${arg},\n`).join('')}    `;
}

/** A Python identifier made of the pipeline name (already one) and a suffix. */
const named = (spec: OrchestratedPipeline, suffix: string) => `${spec.pipelineName}_${suffix}`;

/**
 * `<pipeline>_definitions.py`: Dagster definitions around the pipeline with dagster-dlt: one asset
 * per resource of the source (@dlt_assets), the DagsterDltResource that runs them, and a job on
 * the schedule.
 */
export function renderDagsterDefinitions(spec: OrchestratedPipeline, startCommand: string): string {
  const assets = named(spec, 'assets');
  return `"""Dagster definitions for the dlt pipeline "${spec.pipelineName}" (${spec.script}).

One Dagster asset per resource of ${spec.source.function}, materialized by dagster-dlt,
and a job that materializes them all on the schedule "${spec.schedule}" (UTC).

Start Dagster locally, then open http://127.0.0.1:3000:

    ${startCommand}

dlt reads secrets from .dlt/secrets.toml locally; where Dagster runs, set them as
environment variables (Dagster+: Deployment > Environment variables):
${secretLines(spec).join('\n')}
${profileLines(spec)}"""

import dlt
from dagster import (
    AssetExecutionContext,
    Definitions,
    ScheduleDefinition,
    define_asset_job,
)
from dagster_dlt import DagsterDltResource, dlt_assets

from ${spec.module} import ${spec.source.function}


@dlt_assets(
    dlt_source=${spec.source.text},
    dlt_pipeline=${pipelineCall(spec, '    ')},
    name=${q(spec.pipelineName)},
    group_name=${q(spec.pipelineName)},
)
def ${assets}(
    context: AssetExecutionContext,
    dlt_resource: DagsterDltResource,
):
    yield from dlt_resource.run(${runArguments(spec)})


${named(spec, 'job')} = define_asset_job(
    ${q(named(spec, 'job'))},
    selection=[${assets}],
)

defs = Definitions(
    assets=[${assets}],
    jobs=[${named(spec, 'job')}],
    schedules=[
        ScheduleDefinition(
            job=${named(spec, 'job')},
            cron_schedule=${q(spec.schedule)},
        ),
    ],
    resources={"dlt_resource": DagsterDltResource()},
)
`;
}

export type Decompose = 'serialize' | 'parallel';

/** The name the DAG gives the pipeline's module, imported once the project folder is on sys.path. */
const MODULE_ALIAS = 'pipeline_module';

/**
 * `dags/<pipeline>.py`: an Airflow 3 DAG (airflow.sdk, `schedule=`) running the pipeline through
 * dlt's PipelineTasksGroup, decomposed into one task per group of connected resources.
 */
export function renderAirflowDag(spec: OrchestratedPipeline, decompose: Decompose): string {
  const decomposed =
    decompose === 'serialize'
      ? 'one task per group of connected resources, one after the other'
      : 'one task per group of connected resources, run in parallel after the first';
  return `"""Airflow 3 DAG for the dlt pipeline "${spec.pipelineName}" (${spec.script}).

It runs on the schedule "${spec.schedule}" (UTC) through dlt's PipelineTasksGroup:
${decomposed} (decompose="${decompose}").

dlt reads its settings from dags/.dlt/config.toml (PipelineTasksGroup makes the
dags folder dlt's project folder) and its secrets from the environment of the
Airflow workers and DAG processor:
${secretLines(spec).join('\n')}
${airflowProfileLines(spec)}"""

import importlib${spec.profile ? '\nimport os' : ''}
import sys
from pathlib import Path

import dlt
import pendulum
from airflow.sdk import dag
from dlt.helpers.airflow_helper import PipelineTasksGroup

# the pipeline's own module is in the project folder, above dags/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
${MODULE_ALIAS} = importlib.import_module(${q(spec.module)})


@dag(
    dag_id=${q(spec.pipelineName)},
    schedule=${q(spec.schedule)},
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["dlt"],
)
def ${named(spec, 'dag')}():${
    spec.profile
      ? `\n    # the dlt workspace profile it runs with, as the other deployments do\n    os.environ["WORKSPACE__PROFILE"] = ${q(spec.profile)}`
      : ''
  }
    tasks = PipelineTasksGroup(
        ${q(spec.pipelineName)},
        use_data_folder=False,
        wipe_local_data=True,
    )
    # the pipeline is created after the task group, which points dlt at the dags folder
    pipeline = ${pipelineCall(spec, '    ')}
    tasks.add_run(
        pipeline,
        ${MODULE_ALIAS}.${spec.source.text},
        decompose=${q(decompose)},${spec.source.runArguments.map((arg) => `\n        ${arg},`).join('')}
        trigger_rule="all_done",
        retries=0,
    )


${named(spec, 'dag')}()
`;
}
