import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { configuredDestination } from '../../shared/dlt/pipeline-destination.js';
import { existingEnvironmentPython, planInstall } from '../../shared/packages/plan.js';
import { asTable, parseProjectToml } from '../../shared/packages/pyproject.js';
import { formatRequirement } from '../../shared/packages/requirements.js';
import { projectPython } from '../../shared/packages/run-prefix.js';
import { UsageError } from '../../shared/plan/errors.js';
import { gitRoot } from '../../shared/project/git-root.js';
import { scanProject } from '../../shared/python/pipeline-scan.js';
import { DltGenerator, type DltOptions } from '../../shared/shell/dlt-generator.js';
import { CONFIG_FILE, SECRETS_FILE } from '../../shared/toml/apply.js';
import { tomlFiles } from '../../shared/toml/profile-files.js';
import { destinationInfo } from '../destination/catalog.js';
import { destinationRequirements } from '../destination/plan.js';
import { findPipelines } from './pipelines.js';
import { type DeployPlan, type DeployProject, planDeploy } from './plan.js';
import { workflowPythonVersion } from './python-version.js';
import { type DeployAnswers, deployQuestions } from './questions.js';
import { pipelineSecrets } from './secrets.js';

/** The file that makes a folder a dlt workspace (dlt 1.31). */
const WORKSPACE_MARKER = '.dlt/.workspace';

const LOCK_FILES: Record<string, string> = {
  uv: 'uv.lock',
  poetry: 'poetry.lock',
  pipenv: 'Pipfile.lock',
  pdm: 'pdm.lock',
};

/** `yo dlt:deploy`: runs one of the project's pipelines on GitHub Actions, Dagster or Airflow. */
export default class DeployGenerator extends DltGenerator<DeployAnswers> {
  private plan?: DeployPlan;

  constructor(args?: string[], options?: DltOptions) {
    super(args, options, deployQuestions([]));
    // deploying reads the project as it is: it neither makes it a dlt workspace nor asks to
    this.keepsWorkspaceAsIs = true;
  }

  async prompting(): Promise<void> {
    const root = this.destinationRoot();
    const scan = await scanProject(root);
    const pipelines = findPipelines(scan);
    if (pipelines.length === 0) {
      throw new UsageError(
        `no dlt pipeline found in ${root}: no Python file calls dlt.pipeline(pipeline_name="...") ` +
          '(create one with yo dlt, or run from the project folder). Nothing was written.',
      );
    }
    const workspace = existsSync(this.destinationPath(WORKSPACE_MARKER));
    const answers = await this.resolveQuestions(
      deployQuestions(
        pipelines.map((pipeline) => pipeline.name),
        workspace,
      ),
    );
    const pipeline = pipelines.find((found) => found.name === answers.pipelineName)!;
    const others = pipelines.filter((found) => found !== pipeline);
    // a script the generators wrote names no destination: the config does, per profile
    const loadsInto =
      pipeline.destination ??
      configuredDestination((file) => this.project.read(file), pipeline.name, answers.profile);
    const secrets = pipelineSecrets(this.secretsFiles(answers.profile), {
      sections: pipeline.sections,
      otherSections: others.flatMap((other) => other.sections).filter((s) => !pipeline.sections.includes(s)),
      ...(loadsInto ? { destination: loadsInto } : {}),
    });
    this.plan = planDeploy({
      target: answers.target,
      pipeline,
      schedule: answers.schedule,
      decompose: answers.decompose ?? 'serialize',
      secrets,
      ...(answers.profile ? { profile: answers.profile } : {}),
      ...(loadsInto ? { loadsInto } : {}),
      project: await this.projectFacts(answers.profile),
    });
    this.plan.warnings.push(...(await this.undeclaredDestinationNeeds(loadsInto, answers.profile)));
  }

  /**
   * The deployment installs what the project declares: a destination whose extra is not declared
   * (set up with --skip-install, say, or by hand) would fail where it runs. Checked with the same
   * reconciliation the install step uses, on the project's own manifest.
   */
  private async undeclaredDestinationNeeds(destination?: string, profile?: string): Promise<string[]> {
    if (!destination || !destinationInfo(destination)) return [];
    const { manager, root } = await this.packageManagerChoice();
    const needed = planInstall({
      manager,
      root,
      destinationRoot: this.destinationRoot(),
      requirements: destinationRequirements(destination),
      devRequirements: [],
      env: process.env,
      read: (path) => this.project.read(path),
    });
    const missing = needed.requirements
      .filter((entry) => entry.change !== 'none')
      .map((entry) => formatRequirement(entry.requirement));
    if (missing.length === 0) return [];
    return [
      `the pipeline loads into ${destination}${profile ? ` under the ${profile} profile` : ''}, and the project's ` +
        `requirements lack what it needs (declare ${missing.join(' ')}): the deployment installs only what they ` +
        `declare. yo dlt:destination --destination ${destination}${profile ? ` --profile ${profile}` : ''} records it; then deploy again.`,
    ];
  }

  async writing(): Promise<void> {
    await this.applyPlan(this.plan!);
  }

  override async install(): Promise<void> {
    await super.install();
    const module = this.plan!.dagsterModule;
    if (!module) return;
    const python = projectPython(this.state.runPrefix ?? 'python');
    const dagster = python.binDir
      ? join(python.binDir, 'dagster')
      : [...python.argv.slice(0, -1), 'dagster'].join(' ');
    this.state.nextSteps.push(`Start Dagster locally: ${dagster} dev -f ${module}`);
  }

  /** secrets.toml of the project, the workspace profile's secrets file first (dlt reads it first). */
  private secretsFiles(profile?: string): { file: string; text: string }[] {
    const files = [...(profile ? [tomlFiles(profile).secrets] : []), SECRETS_FILE];
    return files.flatMap((file) => {
      const text = this.project.read(file);
      return text === undefined ? [] : [{ file, text }];
    });
  }

  private async projectFacts(profile?: string): Promise<DeployProject> {
    const projectRoot = this.destinationRoot();
    const { manager, root: managerRoot } = await this.packageManagerChoice();
    const repository = gitRoot(projectRoot);
    const repositoryPath = repository ? relative(repository, projectRoot).split(sep).join('/') : '';
    const lockFile = LOCK_FILES[manager];
    const configToml = this.project.read(CONFIG_FILE);
    const profileConfigToml = profile ? this.project.read(tomlFiles(profile).config) : undefined;
    return {
      packageManager: manager,
      repositoryPath,
      pythonVersionFile: existsSync(join(projectRoot, '.python-version')),
      pythonVersion: workflowPythonVersion(environmentFacts(manager, managerRoot)),
      locked: lockFile !== undefined && existsSync(join(managerRoot, lockFile)),
      requirementFiles: [relative(projectRoot, join(managerRoot, 'requirements.txt')).split(sep).join('/')],
      ...(configToml === undefined ? {} : { configToml }),
      ...(profileConfigToml === undefined ? {} : { profileConfigToml }),
    };
  }
}

/** What tells which Python the project uses: its environment's pyvenv.cfg, its requires-python. */
function environmentFacts(
  manager: Parameters<typeof existingEnvironmentPython>[0],
  managerRoot: string,
): { pyvenvCfg?: string; requiresPython?: string } {
  const python = existingEnvironmentPython(manager, managerRoot, process.env);
  const pyvenvCfg = python ? readIfThere(join(dirname(dirname(python)), 'pyvenv.cfg')) : undefined;
  const pyproject = readIfThere(join(managerRoot, 'pyproject.toml'));
  const requiresPython =
    pyproject === undefined
      ? undefined
      : asTable(parseProjectToml(pyproject, 'pyproject.toml').project)?.['requires-python'];
  return {
    ...(pyvenvCfg === undefined ? {} : { pyvenvCfg }),
    ...(typeof requiresPython === 'string' ? { requiresPython } : {}),
  };
}

function readIfThere(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
