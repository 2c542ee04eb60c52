import type { LanguageSpec } from '../../config/language-spec.js';
import type { PegExpr, PegGrammar } from '../../config/peg-ast.js';
import { BuiltinNode } from '../base/builtin-nodes.js';

const ruleName = (name: string): string => `r_${name}`;
const quote = (s: string): string => JSON.stringify(s);

/**
 * Translates a config's grammar section to a peggy grammar with the same PEG semantics:
 * ordered choice, greedy repetition, syntactic predicates. What ParserCraft leaves implicit
 * is made explicit here: whitespace and the configured comment patterns are skipped before
 * every terminal (unless `skip_whitespace: false`), word literals end at a word boundary (so
 * 'END' does not match the start of ENDIF), and literals ignore case when the language does.
 *
 * Every rule returns a SyntaxNode named after it; tokens return nodes named NUMBER, STRING,
 * IDENT and NEWLINE. With `recover`, the start rule's leading repetition also accepts one
 * unparseable line as an error node, so one bad statement does not hide the rest.
 */
export function writePeggyGrammar(grammar: PegGrammar, spec: LanguageSpec, recover: boolean): string {
  const usesNewline = grammar.rules.some((r) => mentions(r.expr, (e) => e.kind === 'token' && e.name === 'NEWLINE'));
  const ci = spec.lexical.caseSensitive ? '' : 'i';
  const skip = grammar.skipWhitespace ? '_ ' : '';
  const delimiters = spec.lexical.stringDelimiters.filter((d) => d.length === 1);

  const expr = (e: PegExpr): string => {
    switch (e.kind) {
      case 'choice':
        return `(${e.alternatives.map(expr).join(' / ')})`;
      case 'sequence':
        return `(${e.items.map(expr).join(' ')})`;
      case 'repeat':
        return `(${expr(e.expr)})${e.op}`;
      case 'predicate':
        return `${e.op}(${expr(e.expr)})`;
      case 'literal':
        return `(${skip}${quote(e.value)}${ci}${/\w$/.test(e.value) ? ' !wordChar' : ''})`;
      case 'class':
        return `(${skip}${e.source})`;
      case 'any':
        return `(${skip}.)`;
      case 'token':
        return e.name === 'EOF' ? `(${skip}!.)` : `(${skip}${e.name})`;
      case 'ref':
        return ruleName(e.name);
    }
  };

  const out: string[] = [];
  out.push(`{{
  function flatten(value, out) {
    if (Array.isArray(value)) { for (const v of value) flatten(v, out); }
    else if (value && typeof value === 'object' && 'type' in value) out.push(value);
    return out;
  }
}}
{
  const comments = (options.comments || []).map((source) => new RegExp(source, 'y'));
  const deadline = options.deadline ?? Infinity;
  const signal = options.signal;
  let steps = 0;
  let pendingComment = 0;
  // A rule's node starts at its first token, not at the whitespace and comments skipped before it.
  function node(type, value) {
    const r = range();
    let from = r.start;
    while (from < r.end) {
      if (/\\s/.test(input[from])) { from++; continue; }
      const c = commentAt(from);
      if (c === 0) break;
      from += c;
    }
    return { type, from, to: r.end, children: flatten(value, []) };
  }
  function commentAt(pos) {
    for (const re of comments) { re.lastIndex = pos; const m = re.exec(input); if (m && m[0].length > 0) return m[0].length; }
    return 0;
  }
  function inBudget() {
    if ((++steps & 1023) === 0 && (performance.now() > deadline || (signal && signal.aborted))) throw new Error('${BUDGET_MARK}');
    return true;
  }
}`);
  const start = grammar.rules.find((r) => r.name === grammar.start);
  const startExpr = start?.expr;
  const entry = recover && startExpr ? recoveringStart(startExpr, expr) : ruleName(grammar.start);
  out.push(`start = v:(${entry}) _ !. { return node('${grammar.start}', v); }`);
  for (const rule of grammar.rules) {
    if (!rule.expr) continue;
    out.push(`${ruleName(rule.name)} = v:(${expr(rule.expr)}) { return node(${quote(rule.name)}, v); }`);
  }
  // Its other nodes are named after the config's rules; what recovery skipped is the built-in
  // grammars' error node, so every pass over a tree looks for the one error node.
  out.push(`__error = v:$((!NEWLINE_CHAR .)+ NEWLINE_CHAR?) { return node('${BuiltinNode.Error}', v); }`);
  out.push(`NEWLINE_CHAR = "\\r"? "\\n"`);
  out.push(`_ = &{ return inBudget(); } (${usesNewline ? '[ \\t]+' : '[ \\t\\r\\n]+'} / comment)*`);
  out.push(
    `comment = &{ pendingComment = commentAt(offset()); return pendingComment > 0; } . .|{ return pendingComment - 1; }|`,
  );
  out.push(`wordChar = [A-Za-z0-9_$]`);
  out.push(`NUMBER = v:$([0-9]+ ("." [0-9]+)?) { return node('NUMBER', v); }`);
  const stringAlts = (delimiters.length ? delimiters : ['"']).map(
    (d) => `${quote(d)} (!${quote(d)} !NEWLINE_CHAR .)* ${quote(d)}`,
  );
  out.push(`STRING = v:$(${stringAlts.join(' / ')}) { return node('STRING', v); }`);
  out.push(`IDENT = v:$([A-Za-z_] wordChar*) { return node('IDENT', v); }`);
  out.push(`NEWLINE = v:$(NEWLINE_CHAR) { return node('NEWLINE', v); }`);
  return out.join('\n');
}

export const BUDGET_MARK = 'parsercraft: analysis budget exceeded';

/** `item+ rest` becomes `(item / error-line)+ rest`, where an error line never eats `rest` at the end. */
function recoveringStart(startExpr: PegExpr, expr: (e: PegExpr) => string): string {
  const items = startExpr.kind === 'sequence' ? startExpr.items : [startExpr];
  const [first, ...rest] = items;
  if (!first || first.kind !== 'repeat' || first.op === '?') return expr(startExpr);
  const tail = rest.map(expr).join(' ');
  const guard = tail ? `!(${tail} _ !.) ` : '';
  return `(${expr(first.expr)} / _ ${guard}__error)${first.op} ${tail}`;
}

function mentions(e: PegExpr | undefined, test: (e: PegExpr) => boolean): boolean {
  if (!e) return false;
  if (test(e)) return true;
  switch (e.kind) {
    case 'choice':
      return e.alternatives.some((a) => mentions(a, test));
    case 'sequence':
      return e.items.some((a) => mentions(a, test));
    case 'repeat':
    case 'predicate':
      return mentions(e.expr, test);
    case 'literal':
    case 'class':
    case 'any':
    case 'token':
    case 'ref':
      return false;
  }
}
