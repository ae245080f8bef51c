import { validateHttpUrl } from '../shared/python/naming.js';
import { destinationQuestion, namingQuestions } from '../shared/questions/common.js';
import type { Answers, Question } from '../shared/questions/question.js';
import { decideKind, suggestPipelineName } from './decide.js';

export interface AppAnswers extends Answers {
  source: string;
  kind: 'verified' | 'rest' | 'custom';
  destination: string;
  pipelineName: string;
  datasetName: string;
  run: boolean;
  show: boolean;
}

/**
 * Whether yo dlt asks the pipeline and dataset names itself, or leaves them to the generator it
 * composes, which knows better once it has read the source: several verified sources matching
 * ("google") go to dlt:verified, which asks once the user picked one (a name asked here would be
 * "google" before the pick); an OpenAPI spec goes to dlt:rest, which names the pipeline after the
 * spec's title.
 */
export function namesAskedByApp(answers: Answers): boolean {
  const decision = decideKind(String(answers.source));
  if (answers.kind === 'verified') return decision.verified !== undefined;
  return !(answers.kind === 'rest' && decision.openapi);
}

/** `yo dlt`'s questions; `dashboard` tells whether the run adds dlt's dashboard (not with --no-dashboard). */
export const appQuestions = (dashboard: () => boolean): readonly Question[] => [
  {
    name: 'source',
    message:
      'What do you want to load data from? (a platform such as github, an API URL, or a Python package)',
    description:
      'What to load from: a platform name (github, stripe...), an http(s) API URL, or a Python package',
    validate: (value) => {
      if (typeof value !== 'string' || value.trim() === '') return 'name a platform, an API URL or a package';
      // a URL of another scheme (ftp://, s3://) is no API this tool can scaffold
      return /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? validateHttpUrl(value.trim()) : true;
    },
  },
  {
    name: 'kind',
    message: 'Which kind of pipeline?',
    description: 'Override the suggested kind: verified | rest | custom',
    type: 'select',
    choices: (answers) => {
      const decision = decideKind(String(answers.source));
      const label = (kind: string, text: string) => ({
        value: kind,
        name: kind === decision.kind ? `${text} (suggested: ${decision.reason})` : text,
      });
      return [
        label('verified', 'a dlt verified source'),
        label('rest', 'a declarative REST API pipeline'),
        label('custom', 'a custom Python source'),
      ];
    },
    default: (answers) => decideKind(String(answers.source)).kind,
  },
  destinationQuestion,
  ...namingQuestions((answers) =>
    suggestPipelineName(String(answers.source), decideKind(String(answers.source))),
  ).map((question) => ({ ...question, when: namesAskedByApp })),
  {
    name: 'run',
    message: 'Run the pipeline once it is installed?',
    type: 'confirm',
    default: false,
  },
  {
    name: 'show',
    message: 'Open the dlt dashboard after the run?',
    description: 'Open the dlt dashboard (python -m dlt pipeline <name> show) after --run',
    type: 'confirm',
    default: false,
    // the dashboard is what it opens: not asked when the run leaves it out (--no-dashboard)
    when: (answers) => answers.run === true && dashboard(),
  },
];
