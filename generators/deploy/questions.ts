import type { Answers, Question } from '../../shared/questions/question.js';
import { DEFAULT_SCHEDULE, validateCron } from './cron.js';
import { TARGETS, type Target } from './plan.js';
import type { Decompose } from './render-orchestrators.js';

export interface DeployAnswers extends Answers {
  target: Target;
  pipelineName: string;
  schedule: string;
  decompose: Decompose;
  profile?: string;
}

/** A dlt workspace profile name: it becomes part of a file name (.dlt/<profile>.secrets.toml). */
const PROFILE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * The questions of dlt:deploy. The pipeline's choices are the project's pipelines: the shell
 * declares the options with none found, and asks with what it found. The profile is asked in a
 * dlt workspace only (.dlt/.workspace).
 */
export function deployQuestions(pipelineNames: readonly string[], workspace = false): Question[] {
  return [
    {
      name: 'target',
      message: 'Where should the pipeline run?',
      description: `The engine that runs the pipeline: ${TARGETS.join(' | ')}`,
      type: 'select',
      choices: [
        { value: 'github-actions', name: 'GitHub Actions: a scheduled workflow in .github/workflows' },
        { value: 'dagster', name: 'Dagster: definitions with one asset per resource (dagster-dlt)' },
        { value: 'airflow', name: "Airflow 3: a DAG in dags/ with dlt's PipelineTasksGroup" },
      ],
      default: 'github-actions',
    },
    {
      name: 'pipelineName',
      message: 'Which pipeline?',
      description: "The pipeline to deploy, by its dlt.pipeline(pipeline_name=...) (picked when there's one)",
      type: pipelineNames.length > 0 ? 'select' : 'input',
      ...(pipelineNames.length > 0 ? { choices: [...pipelineNames] } : {}),
      ...(pipelineNames.length === 1 ? { default: pipelineNames[0] } : {}),
      store: false,
    },
    {
      name: 'schedule',
      message: 'When should it run? (cron: minute hour day month weekday, UTC)',
      description: `A five-field cron expression in UTC, e.g. "${DEFAULT_SCHEDULE}" (every day at 02:00)`,
      default: DEFAULT_SCHEDULE,
      validate: validateCron,
      parse: (value) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value),
    },
    {
      name: 'decompose',
      message: 'How should Airflow split the source into tasks?',
      description:
        'airflow: serialize (one task per group of connected resources, in sequence) | parallel (independent groups at once)',
      type: 'select',
      choices: [
        {
          value: 'serialize',
          name: 'serialize: one task per group of connected resources, one after another',
        },
        { value: 'parallel', name: 'parallel: independent resources load at the same time' },
      ],
      when: (answers) => answers.target === 'airflow',
      default: 'serialize',
    },
    {
      name: 'profile',
      message: 'Which dlt workspace profile does the deployed pipeline run with?',
      description:
        'In a dlt workspace: the profile whose secrets file (.dlt/<profile>.secrets.toml) the deployment reads, e.g. prod',
      when: () => workspace,
      default: 'prod',
      validate: (value) =>
        typeof value === 'string' && PROFILE_NAME.test(value)
          ? true
          : 'give a profile name: letters, digits, _ and -, starting with a letter (e.g. prod)',
    },
  ];
}
