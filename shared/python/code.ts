/**
 * Python source building blocks that come out the way `ruff format` writes them: a call or a
 * signature stays on one line when it fits in 88 columns, otherwise it is exploded one argument
 * per line with a trailing comma (ruff's "magic trailing comma" then keeps it exploded).
 */
import { escapeUnprintable, INDENT, LINE_LENGTH, type PyValue, pyLiteral } from './literal.js';

export const indent = (level: number) => INDENT.repeat(level);

/** A call such as `RESTClient(base_url=base_url, ...)`. */
export class PyCall {
  constructor(
    readonly callee: string,
    readonly args: readonly PyArg[],
    /** A comment after the opening parenthesis (e.g. a noqa); it forces the exploded form. */
    readonly openComment?: string,
  ) {}
}

export interface PyArg {
  name?: string;
  value: PyExpr;
}

export type PyExpr = PyValue | PyCall;

/**
 * `call('f', ['x'], { key: value })`: positional values, then keyword arguments in the order
 * given; an undefined keyword is left out.
 */
export function call(
  callee: string,
  positional: readonly PyExpr[] = [],
  keywords: Readonly<Record<string, PyExpr | undefined>> = {},
): PyCall {
  const args: PyArg[] = positional.map((value) => ({ value }));
  for (const [name, value] of Object.entries(keywords)) if (value !== undefined) args.push({ name, value });
  return new PyCall(callee, args);
}

export function withOpenComment(expr: PyCall, comment: string): PyCall {
  return new PyCall(expr.callee, expr.args, comment);
}

function flat(expr: PyExpr): string {
  if (expr instanceof PyCall) {
    const args = expr.args.map((arg) => `${arg.name ? `${arg.name}=` : ''}${flat(arg.value)}`);
    return `${expr.callee}(${args.join(', ')})`;
  }
  return pyLiteral(expr, 0, Number.NEGATIVE_INFINITY); // a prefix of -Infinity always "fits": one line
}

function needsExploding(expr: PyExpr): boolean {
  return (
    expr instanceof PyCall &&
    (expr.openComment !== undefined || expr.args.some((arg) => needsExploding(arg.value)))
  );
}

/**
 * The expression as it sits at `level`, with `prefix` before it on its first line and `suffix`
 * after it on its last (both count for the line length).
 */
export function renderExpr(expr: PyExpr, level: number, prefix = 0, suffix = 0): string {
  if (!(expr instanceof PyCall)) return pyLiteral(expr, level, prefix, suffix);
  const oneLine = flat(expr);
  const fits = level * INDENT.length + prefix + oneLine.length + suffix <= LINE_LENGTH;
  if ((fits && !needsExploding(expr)) || expr.args.length === 0) return oneLine;
  const comment = expr.openComment ? `  # ${expr.openComment}` : '';
  const lines = expr.args.map((arg) => {
    const name = arg.name ? `${arg.name}=` : '';
    return `${indent(level + 1)}${name}${renderExpr(arg.value, level + 1, name.length, 1)},`;
  });
  return `${expr.callee}(${comment}\n${lines.join('\n')}\n${indent(level)})`;
}

/** A statement such as `client = RESTClient(...)` or `yield from client.paginate(...)`. */
export function statement(level: number, head: string, expr: PyExpr, tail = ''): string {
  return `${indent(level)}${head}${renderExpr(expr, level, head.length, tail.length)}${tail}`;
}

export interface PyParam {
  /** `name` or `name: annotation` */
  declaration: string;
  default?: PyExpr;
}

/** `def name(params) -> returns:` on one line when it fits, else one parameter per line. */
export function signature(level: number, name: string, params: readonly PyParam[], returns: string): string {
  const head = `def ${name}(`;
  const tail = `) -> ${returns}:`;
  const flatParams = params.map((param) =>
    param.default === undefined ? param.declaration : `${param.declaration} = ${flat(param.default)}`,
  );
  const oneLine = `${indent(level)}${head}${flatParams.join(', ')}${tail}`;
  const explode = params.some((param) => param.default !== undefined && needsExploding(param.default));
  if (params.length === 0 || (!explode && oneLine.length <= LINE_LENGTH)) return oneLine;
  const lines = params.map((param) => {
    if (param.default === undefined) return `${indent(level + 1)}${param.declaration},`;
    const prefix = `${param.declaration} = `;
    return `${indent(level + 1)}${prefix}${renderExpr(param.default, level + 1, prefix.length, 1)},`;
  });
  return `${indent(level)}${head}\n${lines.join('\n')}\n${indent(level)}${tail}`;
}

/** A docstring at `level`: one line when it is one short line, else a summary and a body. */
export function docstring(level: number, summary: string, body: readonly string[] = []): string {
  const pad = indent(level);
  const paragraphs = body.filter((text) => text.trim() !== '');
  const single = `${pad}"""${escapeDocstring(summary)}"""`;
  if (paragraphs.length === 0 && single.length <= LINE_LENGTH) return single;
  const width = LINE_LENGTH - pad.length;
  const lines = [`${pad}"""${escapeDocstring(summary)}`];
  for (const paragraph of paragraphs) {
    lines.push('');
    for (const line of wrap(escapeDocstring(paragraph), width)) lines.push(`${pad}${line}`);
  }
  lines.push(`${pad}"""`);
  return lines.join('\n');
}

/** Comment lines at `level`, wrapped to the line length. */
export function comment(level: number, text: string): string {
  return commentLines(level, text).join('\n');
}

/** The lines of `comment`, one string each (none for no text). */
export function commentLines(level: number, text: string): string[] {
  const pad = `${indent(level)}# `;
  // a comment runs to the end of its line: a character that could end or hide it becomes a blank
  return wrap(text.replace(/[\p{Cc}\p{Cs}\u2028\u2029]/gu, ' '), LINE_LENGTH - pad.length).map(
    (line) => `${pad}${line}`,
  );
}

/** Text as it may stand inside a `"""` docstring. */
export function escapeDocstring(text: string): string {
  return escapeUnprintable(text.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"'), {
    keepLineBreaks: true,
  });
}

/** Blanks other than one space between words. */
const IRREGULAR_BLANKS = /[^\S ]| {2}|^ | $/;

/** Greedy word wrap at blanks; a word longer than the width gets a line of its own. */
export function wrap(text: string, width: number = LINE_LENGTH): string[] {
  // most text (a spec's descriptions, thousands of them) has one space between words: its lines
  // are slices of it, not words joined again
  return IRREGULAR_BLANKS.test(text) ? wrapWordByWord(text, width) : wrapSingleSpaced(text, width);
}

/** The wrap of any text: its words joined again, one blank between them. */
export function wrapWordByWord(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function wrapSingleSpaced(text: string, width: number): string[] {
  const lines: string[] = [];
  let start = 0;
  while (text.length - start > width) {
    // the last blank that keeps the line within the width, else the end of a word longer than it
    let end = text.lastIndexOf(' ', start + width);
    if (end <= start) end = text.indexOf(' ', start);
    if (end === -1) break;
    lines.push(text.slice(start, end));
    start = end + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}
