import type { z } from 'zod';
import { METHOD_PARAMS } from './method-params.js';

export type ParamsCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

const OK: ParamsCheck = { ok: true };

/**
 * Checks a message's params against the LSP 3.17 shape of its method. A failure says which
 * field is wrong and how (`params.position: expected object, received string`), at most
 * three fields of it.
 */
export function checkParams(method: string, params: unknown): ParamsCheck {
  const schema = METHOD_PARAMS.get(method);
  if (schema === undefined) return OK;
  // reportInput: so a message can say what was received, not only what was expected.
  const result = schema.safeParse(params, { reportInput: true });
  if (result.success) return OK;
  const issues = result.error.issues.slice(0, 3).map(describe);
  const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : '';
  return { ok: false, message: `Invalid params for ${method}: ${issues.join('; ')}${more}.` };
}

function describe(issue: z.core.$ZodIssue): string {
  const path = ['params', ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
    .join('.')
    .replaceAll('.[', '[');
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${path} is required`;
  return `${path}: ${explain(issue)}`;
}

function explain(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `expected ${typeName(issue.expected)}, received ${received(issue.input)}`;
  if (issue.code === 'invalid_union') {
    // Each alternative's own complaint, when every one is a plain type mismatch at this field.
    const expected = issue.errors.map((branch) => {
      const [first] = branch;
      return first && first.path.length === 0 && first.code === 'invalid_type' ? typeName(first.expected) : undefined;
    });
    if (expected.every((e) => e !== undefined))
      return `expected ${[...new Set(expected)].join(' or ')}, received ${received(issue.input)}`;
    return 'matches none of the shapes the spec allows';
  }
  return issue.message.replace(/^Invalid input: /, '');
}

function received(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** zod's type names, as the spec's: `int` is LSP's integer. */
const typeName = (expected: string): string => (expected === 'int' ? 'integer' : expected);
