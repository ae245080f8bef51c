/**
 * The questions every pipeline generator asks alike: where the data goes, and the names of the
 * pipeline and of its dataset. Declared once here; each generator places them among its own.
 */
import { validateDestination } from '../dlt/destinations.js';
import { validateIdentifier } from '../python/naming.js';
import type { Answers, Question } from './question.js';

/** The dlt destination; stored for the whole project, so every generator offers it back. */
export const destinationQuestion: Question = {
  name: 'destination',
  message: 'Where should the data go?',
  description: 'The dlt destination (duckdb, bigquery, snowflake, postgres ...; default: duckdb)',
  default: 'duckdb',
  validate: validateDestination,
  scope: 'project',
};

const PIPELINE_NAME_DESCRIPTION = 'The pipeline name, a Python identifier; the script is <name>_pipeline.py';

/**
 * The pipeline name and the dataset name, in that order. The pipeline name's default is the
 * generator's own (the source, the API's host ...); the dataset's is `<pipeline name>_data`, with
 * a fixed default pipeline name standing in while no pipeline name is among the answers.
 */
export function namingQuestions(
  defaultPipelineName: string | ((answers: Answers) => unknown),
  pipelineNameDescription = PIPELINE_NAME_DESCRIPTION,
): Question[] {
  const fallback = typeof defaultPipelineName === 'string' ? defaultPipelineName : undefined;
  return [
    {
      name: 'pipelineName',
      message: 'Pipeline name',
      description: pipelineNameDescription,
      default: defaultPipelineName,
      validate: validateIdentifier,
    },
    {
      name: 'datasetName',
      message: 'Dataset (schema) name in the destination',
      description: 'Dataset (schema) name in the destination (default: <pipeline name>_data)',
      default: (answers: Answers) => `${String(answers.pipelineName ?? fallback)}_data`,
      validate: validateIdentifier,
    },
  ];
}
