import type { FunctionSpec, KeywordSpec } from '../config/language-spec.js';
import type { LineIndex } from '../diagnostics/line-index.js';
import { isImplicitResult } from './implicit-result.js';
import { describe, isKnown } from './language-types.js';
import type { LanguageSymbol, Occurrence } from './symbol.js';

const KIND_LABELS: Readonly<Record<LanguageSymbol['kind'], string>> = {
  program: 'program',
  function: 'function',
  procedure: 'procedure',
  parameter: 'parameter',
  variable: 'variable',
  constant: 'constant',
  type: 'type',
  field: 'field',
  label: 'label',
  'builtin-function': 'built-in function',
  'builtin-type': 'type',
};

const block = (code: string): string => `\`\`\`\n${code}\n\`\`\``;

/**
 * Markdown for hovering a name: what it is and its declared type in a code block, then where
 * it is declared, then the config's description for configured functions. The same shape as
 * rust-analyzer's and TypeScript's hovers, so it reads the same in any editor.
 */
export function symbolHover(symbol: LanguageSymbol, occurrences: readonly Occurrence[], lines: LineIndex): string {
  const parts = [block(signature(symbol))];
  if (symbol.builtin) {
    parts.push(symbol.system ? systemText(symbol.builtin) : builtinText(symbol.builtin));
    return parts.join('\n\n');
  }
  if (symbol.kind === 'builtin-type') {
    parts.push('Predeclared type.');
    return parts.join('\n\n');
  }
  const owner = symbol.scope.owner;
  if (isImplicitResult(symbol) && owner) {
    parts.push(`The result of function '${owner.name}': what it holds when the function ends is what it returns.`);
    return parts.join('\n\n');
  }
  const where = declarationLine(symbol, occurrences, lines);
  const inside = owner
    ? ` in ${owner.kind === 'type' ? (owner.type.kind === 'protocol' ? 'protocol' : 'record') : owner.kind} '${owner.name}'`
    : '';
  if (where) parts.push(`${where}${inside}.`);
  return parts.join('\n\n');
}

function signature(symbol: LanguageSymbol): string {
  const label = `(${KIND_LABELS[symbol.kind]})`;
  switch (symbol.kind) {
    // A routine's or the program's own header says what it is.
    case 'function':
    case 'procedure':
    case 'program':
      return symbol.detail ?? `${label} ${symbol.name}`;
    case 'type':
    case 'constant':
    case 'parameter':
      return `${label} ${symbol.detail ?? symbol.name}`;
    case 'builtin-function':
      return `${label} ${symbol.system && symbol.detail !== undefined ? symbol.detail : symbol.name}`;
    case 'builtin-type':
    case 'label':
      return `${label} ${symbol.name}`;
    case 'variable':
    case 'field':
      return `${label} ${symbol.name}${isKnown(symbol.type) ? `: ${describe(symbol.type)}` : ''}`;
  }
}

function declarationLine(
  symbol: LanguageSymbol,
  occurrences: readonly Occurrence[],
  lines: LineIndex,
): string | undefined {
  if (!symbol.nameSpan) return undefined;
  const line = lines.position(symbol.nameSpan.from).line + 1;
  if (symbol.explicit) return `Declared on line ${line}`;
  const assigned = occurrences.some((o) => o.role === 'declaration' || o.role === 'write');
  return assigned ? `First assigned on line ${line}` : `First used on line ${line}; never assigned`;
}

export function builtinText(fn: FunctionSpec): string {
  const { minArgs: min, maxArgs: max } = fn;
  const takes =
    min === max
      ? `${min} argument${min === 1 ? '' : 's'}`
      : max === Infinity
        ? `${min} or more arguments`
        : `${min} to ${max} arguments`;
  return [fn.description, `Takes ${takes}. Configured in the language config as \`${fn.key}\`.`]
    .filter(Boolean)
    .join('\n\n');
}

/** A System routine's hover text: the config does not describe it, Free Pascal does. */
function systemText(fn: FunctionSpec): string {
  return [fn.description, `Predeclared, as in Free Pascal's System unit (\`${fn.key}\`).`].filter(Boolean).join('\n\n');
}

export function keywordHover(keyword: KeywordSpec): string {
  const parts = [block(`(keyword) ${keyword.custom}`)];
  if (keyword.description) parts.push(keyword.description);
  const origin = keyword.origin === 'default' ? ' (default spelling; the config does not define it)' : '';
  parts.push(`Stands for \`${keyword.original}\`${origin}.`);
  return parts.join('\n\n');
}
