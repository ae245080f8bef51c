import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../plan/errors.js';
import { toCamelCase } from '../python/naming.js';
import type { Answers } from './question.js';

/** Reads an --answers file (JSON or YAML, an object of option names to values) into answers. */
export function readAnswersFile(path: string, cwd: string): Answers {
  const fullPath = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(fullPath, 'utf8');
  } catch {
    throw new UsageError(`--answers: cannot read ${fullPath}; give the path of a JSON or YAML file.`);
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(fullPath) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(`--answers: ${fullPath} is not valid JSON or YAML: ${(error as Error).message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageError(`--answers: ${fullPath} must hold an object of option names and values.`);
  }
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [toCamelCase(key), value]));
}
