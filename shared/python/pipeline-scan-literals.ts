import type { PyNode } from './parser.js';
import { stringValue } from './parser.js';

export type LiteralValue =
  | string
  | number
  | boolean
  | null
  | LiteralValue[]
  | { [key: string]: LiteralValue };

/** Marks "this expression is not a plain literal" (a call, a name, an f-string ...). */
export const NOT_LITERAL = Symbol('not a literal');

/** The value of a literal expression (strings, numbers, booleans, None, lists, tuples, dicts). */
export function literalValue(node: PyNode | null | undefined): LiteralValue | typeof NOT_LITERAL {
  if (!node) return NOT_LITERAL;
  switch (node.type) {
    case 'string': {
      const text = stringValue(node);
      const prefix = node.children[0]?.text ?? '';
      // escapes are left alone: a value with a backslash is not one we can read back reliably
      if (text === undefined || text.includes('\\') || prefix.toLowerCase().includes('b')) return NOT_LITERAL;
      return text;
    }
    case 'concatenated_string': {
      const parts = node.namedChildren.map((part) => literalValue(part));
      return parts.every((part) => typeof part === 'string') ? parts.join('') : NOT_LITERAL;
    }
    case 'integer':
    case 'float': {
      const value = Number(node.text.replaceAll('_', ''));
      return Number.isFinite(value) ? value : NOT_LITERAL;
    }
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'unary_operator': {
      const operand = literalValue(node.childForFieldName('argument'));
      const operator = node.childForFieldName('operator')?.text;
      if (typeof operand !== 'number') return NOT_LITERAL;
      return operator === '-' ? -operand : operator === '+' ? operand : NOT_LITERAL;
    }
    case 'parenthesized_expression':
      return literalValue(node.namedChildren.find((child) => child?.type !== 'comment'));
    case 'list':
    case 'tuple': {
      const values = node.namedChildren
        .filter((child) => child?.type !== 'comment')
        .map((child) => literalValue(child));
      return values.includes(NOT_LITERAL) ? NOT_LITERAL : (values as LiteralValue[]);
    }
    case 'dictionary': {
      const result: Record<string, LiteralValue> = {};
      for (const child of node.namedChildren) {
        if (!child || child.type === 'comment') continue;
        if (child.type !== 'pair') return NOT_LITERAL;
        const key = literalValue(child.childForFieldName('key'));
        const value = literalValue(child.childForFieldName('value'));
        if (typeof key !== 'string' || value === NOT_LITERAL) return NOT_LITERAL;
        result[key] = value;
      }
      return result;
    }
    default:
      return NOT_LITERAL;
  }
}
