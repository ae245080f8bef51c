import { canonicalSourceName, searchCatalog, verifiedCatalog } from '../../shared/dlt/verified-catalog.js';
import { IDENTIFIER_RULE, identifierFault, isPythonIdentifier } from '../../shared/python/naming.js';
import type { Answers, Choice, OptionDeclaration, Question } from '../../shared/questions/question.js';
import { DEFAULT_SOURCES_REPO } from './fetch.js';
import { passableParams, requiredParams, resolveSourceArgs, sourceArgsExample } from './source-args.js';
import type { DecoratedFunction } from './source-signature.js';

export interface VerifiedAnswers extends Answers {
  source: string;
  function: string;
  /** Comma-separated resource names; empty for all. */
  resources: string;
  sourceArgs: string;
  destination: string;
  pipelineName: string;
  datasetName: string;
}

/** `a, b c` -> ['a', 'b', 'c'] */
export function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  return String(value ?? '')
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

function catalogChoices(extraNames: readonly string[]): Choice[] {
  const catalog = verifiedCatalog().sources.map((entry) => ({
    value: entry.name,
    name: `${entry.name}: ${entry.description}`,
  }));
  const extra = extraNames
    .filter((name) => !catalog.some((choice) => choice.value === name))
    .map((name) => ({ value: name, name: `${name}: fetched before from your sources repository` }));
  return [...catalog, ...extra];
}

/**
 * Which source: a catalog name (or alias), or one fetched before (`extraNames`); any package name
 * when --sources-repo points elsewhere.
 */
export function sourceQuestion(
  customRepo: boolean,
  extraNames: readonly string[] = [],
  select = true,
  searchTerm?: string,
): Question {
  const choices = !customRepo && select;
  return {
    name: 'source',
    message: 'Which verified source?',
    description:
      'The verified source, by its catalog name: github, stripe_analytics, sql_database ... (see --list, --search)',
    type: choices ? 'search' : 'input',
    ...(choices ? { choices: catalogChoices(extraNames), ...(searchTerm ? { searchTerm } : {}) } : {}),
    parse: (value) => canonicalSourceName(String(value)) ?? String(value).trim(),
    validate: (value) => {
      const name = String(value);
      if (!isPythonIdentifier(name))
        return `"${name}" is not a source name: ${identifierFault(name)}; ${IDENTIFIER_RULE}`;
      if (customRepo || extraNames.includes(name)) return true;
      if (verifiedCatalog().sources.some((entry) => entry.name === name)) return true;
      const near = searchCatalog(name).map((entry) => entry.name);
      return `"${name}" is not a verified source${near.length > 0 ? `; did you mean ${near.slice(0, 5).join(', ')}?` : ''} (--list shows them all)`;
    },
  };
}

export function functionQuestion(
  entryPoints: readonly DecoratedFunction[],
  defaultFunction?: string,
): Question {
  return {
    name: 'function',
    message: 'Which source function?',
    description:
      'The @dlt.source function (or standalone resource) of the source to run, e.g. github_reactions',
    type: 'select',
    choices: entryPoints.map((fn) => ({
      value: fn.function,
      name: `${fn.function}${fn.kind === 'source' ? '' : ' (resource)'}${fn.summary ? `: ${fn.summary}` : ''}`,
    })),
    default: defaultFunction ?? entryPoints[0]?.function,
    when: () => entryPoints.length > 1,
  };
}

/**
 * Which resources: any subset of the known ones when the list is complete (`closed`); any names
 * when the source makes some at run time (one per table, per endpoint...).
 */
export function resourcesQuestion(known: readonly string[], closed: boolean, when: boolean): Question {
  return {
    name: 'resources',
    message: `Resources to load, comma-separated (empty for all${known.length > 0 ? `: ${known.join(', ')}` : ''})`,
    description: 'Resources to load (.with_resources), comma-separated; all when not given',
    default: '',
    when: () => when,
    parse: (value) => listOf(value).join(','),
    validate: (value) => {
      const unknown = listOf(value).filter((name) => closed && !known.includes(name));
      return unknown.length === 0
        ? true
        : `no resource ${unknown.join(', ')}; the source has: ${known.join(', ')}`;
    },
  };
}

export function sourceArgsQuestion(fn: DecoratedFunction | undefined): Question {
  const required = fn ? requiredParams(fn) : [];
  const passable = fn ? passableParams(fn).map((param) => param.name) : [];
  return {
    name: 'sourceArgs',
    message: fn
      ? `Arguments for ${fn.function}, as name=value,... ${required.length > 0 ? `(needs ${sourceArgsExample(fn)})` : `(optional: ${passable.join(', ')})`}`
      : 'Arguments for the source function, as name=value,...',
    description: 'Arguments passed to the source function in code, e.g. owner=dlt-hub,name=dlt',
    // no default when something is required: a run that cannot ask then names --source-args
    ...(required.length > 0 ? {} : { default: '' }),
    when: () => passable.length > 0,
    validate: (value) => {
      if (!fn) return true;
      const resolved = resolveSourceArgs(String(value ?? ''), fn);
      return typeof resolved === 'string' ? resolved : true;
    },
  };
}

/** dlt:verified's options that are not questions: where the sources come from, and the catalog listing. */
export const VERIFIED_OPTIONS: readonly OptionDeclaration[] = [
  {
    name: 'sources-repo',
    type: 'string',
    description: `Where verified sources come from: a git URL, a local clone or a folder with sources/ (default ${DEFAULT_SOURCES_REPO})`,
  },
  {
    name: 'sources-ref',
    type: 'string',
    description: 'Branch, tag or commit of the sources repository (default: its default branch)',
  },
  { name: 'list', type: 'boolean', description: 'List the verified sources of the catalog and exit' },
  { name: 'search', type: 'string', description: 'Search the catalog by name and description, and exit' },
  {
    name: 'source-hint',
    type: 'string',
    description: 'What yo dlt was told to load from ("google"): the catalog list opens filtered by it',
    hidden: true,
  },
];
