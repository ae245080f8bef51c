import { parse as parseToml } from 'smol-toml';
import { UsageError } from '../plan/errors.js';

export type TomlTable = Record<string, unknown>;

/**
 * The Python versions dlt supports (dlt 1.31: `>=3.10,<3.15`). A project we create declares them:
 * Poetry refuses to resolve dlt for a project range wider than dlt's, and PDM silently falls back
 * to an old dlt release whose metadata has no upper bound.
 */
export const DLT_REQUIRES_PYTHON = '>=3.10,<3.15';

export function asTable(value: unknown): TomlTable | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as TomlTable)
    : undefined;
}

/** Parses a TOML file of the project (pyproject.toml, Pipfile); bad TOML is the user's to fix. */
export function parseProjectToml(text: string, file: string): TomlTable {
  try {
    return parseToml(text) as TomlTable;
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new UsageError(
      `${file} is not valid TOML (${reason}); fix it, then run again. Nothing was written.`,
    );
  }
}

export interface PyprojectFacts {
  /** A `[project]` table: a PEP 621 project any modern tool can work with. */
  hasProject: boolean;
  /** Names under `[tool]`: uv, poetry, pdm, ruff... */
  tools: string[];
  buildBackend?: string;
}

export function pyprojectFacts(data: TomlTable): PyprojectFacts {
  const backend = asTable(data['build-system'])?.['build-backend'];
  return {
    hasProject: asTable(data.project) !== undefined,
    tools: Object.keys(asTable(data.tool) ?? {}),
    ...(typeof backend === 'string' ? { buildBackend: backend } : {}),
  };
}

/** A PEP 508 distribution name from a folder name: `My Pipelines` -> `my-pipelines`. */
export function projectNameFor(folderName: string): string {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return name === '' ? 'dlt-project' : name;
}

export interface NewProjectTable {
  name: string;
  requiresPython: string;
  /** A `[tool.<tool>]` setting that marks the project as an application, not a package to build. */
  toolSetting?: { tool: string; key: string; value: boolean };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const table = asTable(value);
  if (table && !(value instanceof Date)) {
    return `{${Object.keys(table)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(table[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function withoutAdded(data: TomlTable, added: NewProjectTable): TomlTable {
  const { project: _project, ...rest } = data;
  const setting = added.toolSetting;
  if (!setting) return rest;
  const tool = { ...asTable(rest.tool) };
  const { [setting.tool]: _added, ...otherTools } = tool;
  return Object.keys(otherTools).length > 0 ? { ...rest, tool: otherTools } : omit(rest, 'tool');
}

function omit(table: TomlTable, key: string): TomlTable {
  const { [key]: _omitted, ...rest } = table;
  return rest;
}

/** Where the first table starts, including the comment lines right above its header. */
function firstTableStart(text: string): number | undefined {
  const header = /^[ \t]*\[/m.exec(text);
  if (!header) return undefined;
  let start = header.index;
  for (;;) {
    const before = text.slice(0, start).replace(/\r?\n$/, '');
    const lineStart = Math.max(before.lastIndexOf('\n') + 1, 0);
    if (start === 0 || !/^[ \t]*#/.test(before.slice(lineStart))) return start;
    start = lineStart;
  }
}

/**
 * Adds a minimal `[project]` table to a pyproject.toml that has none (a new file, or one that only
 * holds tool settings), by inserting text: every other table, comment and blank line stays
 * byte-for-byte. The result is parsed back and compared before it is returned.
 */
export function addProjectTable(text: string, table: NewProjectTable, file = 'pyproject.toml'): string {
  const original = text.trim() === '' ? {} : parseProjectToml(text, file);
  if (pyprojectFacts(original).hasProject) return text;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const block = [
    '[project]',
    `name = ${JSON.stringify(table.name)}`,
    'version = "0.1.0"',
    `requires-python = ${JSON.stringify(table.requiresPython)}`,
    'dependencies = []',
  ].join(newline);
  const setting = table.toolSetting;
  const addSetting = setting !== undefined && asTable(asTable(original.tool)?.[setting.tool]) === undefined;
  const settingBlock = setting
    ? `[tool.${setting.tool}]${newline}${setting.key} = ${String(setting.value)}${newline}`
    : '';
  const body = text === '' || text.endsWith('\n') ? text : text + newline;
  const tail = addSetting ? `${newline}${settingBlock}` : '';

  // first choice: [project] before the first table, where people expect it; else at the end
  const at = firstTableStart(body);
  const candidates = [
    at === undefined ? undefined : `${body.slice(0, at)}${block}${newline}${newline}${body.slice(at)}${tail}`,
    `${body}${body.trim() === '' ? '' : newline}${block}${newline}${tail}`,
  ];
  const expected = canonical(original);
  const added: NewProjectTable = addSetting ? table : { ...table, toolSetting: undefined };
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    let parsed: TomlTable;
    try {
      parsed = parseToml(candidate) as TomlTable;
    } catch {
      continue;
    }
    if (pyprojectFacts(parsed).hasProject && canonical(withoutAdded(parsed, added)) === expected)
      return candidate;
  }
  throw new Error(`Could not add a [project] table to ${file} without changing its other tables.`);
}
