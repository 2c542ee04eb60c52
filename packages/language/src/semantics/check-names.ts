import type { LineIndex } from '../diagnostics/line-index.js';
import type { Binder } from './binder.js';
import type { LanguageSymbol, Occurrence, Span } from './symbol.js';
import type { SemanticCode } from './semantic-codes.js';
import { isImplicitResult } from './implicit-result.js';
import { similarNames } from './similar-names.js';

export interface NameFinding {
  readonly span: Span;
  readonly code: SemanticCode;
  readonly message: string;
  readonly related?: { readonly span: Span; readonly message: string };
  /** Replacements for the finding's span that would resolve it, best first. */
  readonly replacements?: readonly string[];
}

export interface NameCheckOptions {
  /** BASIC: a variable that is read but never assigned anywhere deserves a warning. */
  readonly warnUnassigned: boolean;
}

/** Findings that need only the binder: undefined and duplicate names, unused and unassigned variables. */
export function checkNames(b: Binder, lines: LineIndex, options: NameCheckOptions): NameFinding[] {
  const findings: NameFinding[] = [];
  const usage = new Map<LanguageSymbol, { reads: number; writes: number; first: Occurrence }>();
  for (const o of b.occurrences) {
    if (!o.symbol) {
      if (o.namespace !== 'members') findings.push(undefinedName(b, o));
      continue;
    }
    let u = usage.get(o.symbol);
    if (!u) usage.set(o.symbol, (u = { reads: 0, writes: 0, first: o }));
    if (o.role === 'read' || o.role === 'call' || o.readsToo) u.reads++;
    else u.writes++;
  }
  for (const { symbol, first } of b.redeclarations) {
    const line = first.nameSpan ? lines.position(first.nameSpan.from).line + 1 : 0;
    const owner = first.scope.owner;
    findings.push({
      span: symbol.nameSpan ?? { from: 0, to: 0 },
      code: 'duplicate-declaration',
      message:
        isImplicitResult(first) && owner
          ? `'${symbol.name}' is already declared in function '${owner.name}': it is the function's result variable.`
          : `'${symbol.name}' is already declared in this scope, on line ${line}.`,
      ...(first.nameSpan && { related: { span: first.nameSpan, message: `'${first.name}' is first declared here.` } }),
    });
  }
  // A second declaration gets its own finding above; its uses all count for the first one.
  const second = new Set(b.redeclarations.map((r) => r.symbol));
  for (const symbol of b.declared) {
    if (symbol.kind !== 'variable' || second.has(symbol) || symbol.name.startsWith('_') || !symbol.nameSpan) continue;
    const u = usage.get(symbol);
    if (!u || u.reads === 0) {
      findings.push({
        span: symbol.nameSpan,
        code: 'unused-variable',
        message:
          symbol.explicit && (u?.writes ?? 0) <= 1
            ? `'${symbol.name}' is declared but never used.`
            : `'${symbol.name}' is assigned but its value is never read.`,
      });
    } else if (options.warnUnassigned && u.writes === 0) {
      findings.push({
        span: u.first,
        code: 'unassigned-variable',
        message: `'${symbol.name}' is read but never assigned, so it is always 0 or empty.`,
      });
    }
  }
  return findings;
}

function undefinedName(b: Binder, o: Occurrence): NameFinding {
  const name = b.nameOf(o);
  const similar = similarNames(b, o).map((s) => s.name);
  const replacements = similar.length ? { replacements: similar } : {};
  if (o.namespace === 'labels')
    return {
      span: o,
      code: 'undefined-name',
      message: `There is no line or label '${name}' to jump to.`,
      ...replacements,
    };
  if (o.role === 'call')
    return {
      span: o,
      code: 'undefined-name',
      message: `'${name}' is not a declared function, procedure or array.`,
      ...replacements,
    };
  const keyword = keywordInOtherCase(b, name);
  if (keyword)
    return {
      span: o,
      code: 'undefined-name',
      message: `'${name}' is not declared; keywords are case-sensitive in this language, and the keyword is spelled ${keyword}.`,
      replacements: [keyword],
    };
  return { span: o, code: 'undefined-name', message: `'${name}' is not declared.`, ...replacements };
}

/** The keyword `name` spells in another case, in a case-sensitive language (`true` for TRUE). */
function keywordInOtherCase(b: Binder, name: string): string | undefined {
  if (!b.spec.lexical.caseSensitive) return undefined;
  const lower = name.toLowerCase();
  for (const k of b.spec.keywords.values()) if (k.custom !== name && k.custom.toLowerCase() === lower) return k.custom;
  return undefined;
}
