/**
 * What `yo dlt:custom` changes in a project, decided from the source spec and what the project
 * already has: files, TOML entries, requirements. Pure: the generator applies it.
 */

import type { Plan, TextFile } from '../../shared/plan/plan.js';
import { ROOT_CONFTEST } from '../../shared/project/conftest.js';
import type { TomlEntry } from '../../shared/toml/entry.js';
import { PLACEHOLDER } from '../../shared/toml/placeholders.js';
import { renderPipelineScript } from './render-pipeline.js';
import { renderSmokeTest } from './render-smoke-test.js';
import { configSection, hasGuesses, type SourceSpec } from './source-spec.js';

export interface ProjectFacts {
  /** A conftest.py in the project root already puts it on sys.path for pytest. */
  hasRootConftest: boolean;
}

export interface CustomPlan extends Plan {
  files: TextFile[];
  /** The smoke test's path, for the next steps once the run knows how to call Python. */
  smokeTest: string;
}

export function sourceTomlEntries(spec: SourceSpec): TomlEntry[] {
  return spec.arguments.map((arg) => {
    const known = spec.configValues[arg.name];
    return {
      table: configSection(spec),
      key: arg.name,
      value: known ?? PLACEHOLDER,
      secret: arg.secret,
      ...(known === undefined && arg.comment ? { comment: arg.comment } : {}),
    };
  });
}

export function planCustomSource(spec: SourceSpec, project: ProjectFacts): CustomPlan {
  const files: TextFile[] = [
    { path: spec.script, contents: renderPipelineScript(spec) },
    { path: spec.testScript, contents: renderSmokeTest(spec) },
  ];
  if (!project.hasRootConftest) files.push({ path: 'conftest.py', contents: ROOT_CONFTEST });

  const nextSteps: string[] = [];
  if (spec.reader === 'python') {
    nextSteps.push(`Replace the sample rows in ${spec.script} with code that reads your data.`);
  }
  if (spec.package && hasGuesses(spec)) {
    nextSteps.push(`Check the lines marked "adapt" in ${spec.script} against ${spec.package.module}'s API.`);
  }

  return {
    files,
    toml: sourceTomlEntries(spec),
    gitignore: true,
    // dlt's performance knobs, when asked for
    ...(spec.performanceSettings ? { performanceAdvice: 'always' as const } : {}),
    requirements: spec.package ? [spec.package.requirement] : [],
    // the smoke test loads into DuckDB whatever the project's destination is
    devRequirements: ['pytest', ...(spec.destination === 'duckdb' ? [] : ['dlt[duckdb]'])],
    pipelines: [
      {
        name: spec.pipelineName,
        script: spec.script,
        datasetName: spec.datasetName,
        destination: spec.destination,
      },
    ],
    smokeTest: spec.testScript,
    warnings: [],
    nextSteps,
  };
}
