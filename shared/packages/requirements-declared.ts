import { asTable, type TomlTable } from './pyproject.js';
import {
  type ExistingRequirement,
  normalizeName,
  parseRequirement,
  type Requirement,
  RequirementError,
} from './requirements.js';

/** What a project manifest already declares: runtime and development requirements. */
export interface DeclaredRequirements {
  main: Map<string, ExistingRequirement>;
  dev: Map<string, ExistingRequirement>;
}

function declare(
  into: Map<string, ExistingRequirement>,
  requirement: Requirement,
  source: string,
  nativeSpecifier?: string,
): void {
  const key = normalizeName(requirement.name);
  if (into.has(key)) return;
  into.set(key, { ...requirement, source, ...(nativeSpecifier !== undefined ? { nativeSpecifier } : {}) });
}

function declarePep508List(into: Map<string, ExistingRequirement>, list: unknown, source: string): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (typeof item !== 'string') continue; // {include-group = ...} entries of PEP 735 groups
    try {
      declare(into, parseRequirement(item), source);
    } catch (error) {
      if (!(error instanceof RequirementError)) throw error;
    }
  }
}

/** A `name = "^1.2"` or `name = { version = "^1.2", extras = [...] }` entry (Poetry, Pipfile). */
function declareTableEntry(
  into: Map<string, ExistingRequirement>,
  name: string,
  value: unknown,
  source: string,
  native: 'poetry' | 'pep440',
): void {
  // Poetry allows a list of alternatives per marker; the first one stands for all here
  const entry = Array.isArray(value) ? asTable(value[0]) : asTable(value);
  const constraint = typeof value === 'string' ? value : entry?.version;
  const extras = Array.isArray(entry?.extras)
    ? entry.extras.filter((e): e is string => typeof e === 'string')
    : [];
  const url = entry?.git ?? entry?.url ?? entry?.path ?? entry?.file;
  const text = typeof constraint === 'string' ? constraint.trim() : '';
  const requirement: Requirement = { name, extras, specifier: '' };
  if (typeof url === 'string') requirement.url = url;
  if (native === 'poetry' && text !== '' && text !== '*') {
    declare(into, requirement, source, text);
    return;
  }
  requirement.specifier = text === '*' ? '' : text.replace(/\s+/g, '');
  declare(into, requirement, source);
}

function declareTable(
  into: Map<string, ExistingRequirement>,
  table: unknown,
  source: string,
  native: 'poetry' | 'pep440',
): void {
  for (const [name, value] of Object.entries(asTable(table) ?? {})) {
    if (name.toLowerCase() === 'python') continue; // Poetry's Python constraint, not a package
    declareTableEntry(into, name, value, source, native);
  }
}

/**
 * Requirements a pyproject.toml declares, whichever tool wrote them: PEP 621 dependencies,
 * PEP 735 `dev` group, uv's and PDM's dev dependencies, Poetry's tables.
 */
export function declaredInPyproject(data: TomlTable, file = 'pyproject.toml'): DeclaredRequirements {
  const main = new Map<string, ExistingRequirement>();
  const dev = new Map<string, ExistingRequirement>();
  const tool = asTable(data.tool);
  const poetry = asTable(tool?.poetry);
  declarePep508List(main, asTable(data.project)?.dependencies, `${file} [project] dependencies`);
  declareTable(main, poetry?.dependencies, `${file} [tool.poetry.dependencies]`, 'poetry');
  declarePep508List(dev, asTable(data['dependency-groups'])?.dev, `${file} [dependency-groups] dev`);
  declarePep508List(dev, asTable(tool?.uv)?.['dev-dependencies'], `${file} [tool.uv] dev-dependencies`);
  const pdmDev = asTable(asTable(tool?.pdm)?.['dev-dependencies']) ?? {};
  for (const [group, list] of Object.entries(pdmDev)) {
    declarePep508List(dev, list, `${file} [tool.pdm.dev-dependencies] ${group}`);
  }
  const poetryDevGroup = asTable(asTable(asTable(poetry?.group)?.dev)?.dependencies);
  declareTable(dev, poetryDevGroup, `${file} [tool.poetry.group.dev.dependencies]`, 'poetry');
  declareTable(dev, poetry?.['dev-dependencies'], `${file} [tool.poetry.dev-dependencies]`, 'poetry');
  return { main, dev };
}

/** Requirements a Pipfile declares in [packages] and [dev-packages]. */
export function declaredInPipfile(data: TomlTable, file = 'Pipfile'): DeclaredRequirements {
  const main = new Map<string, ExistingRequirement>();
  const dev = new Map<string, ExistingRequirement>();
  declareTable(main, data.packages, `${file} [packages]`, 'pep440');
  declareTable(dev, data['dev-packages'], `${file} [dev-packages]`, 'pep440');
  return { main, dev };
}
