import type { LanguageSpec } from '../config/language-spec.js';
import type { PegExpr, PegGrammar } from '../config/peg-ast.js';
import type { SyntaxNode } from '../syntax/syntax-tree.js';
import type { Binder } from './binder.js';
import { UNKNOWN } from './language-types.js';

/**
 * What the IDENT tokens written directly in a rule's pattern mean, read off the pattern:
 * `IDENT ':'` defines a label, `'GOTO' IDENT` jumps to one, `'PROGRAM' IDENT` names the
 * program, `'INPUT' ... IDENT` (the keyword standing for `input` or `read`) assigns, and in a
 * rule with `IDENT '='` an IDENT followed by `=` is assigned. Any other IDENT is a read. A config grammar says nothing else about names, so nothing more is assumed.
 */
type RuleRole = 'label' | 'jump' | 'program' | 'input' | 'assign' | 'plain';

/**
 * Declares and records the names in a tree parsed by a config's own grammar. Such languages
 * are BASIC-like (TempleCode is the one ParserCraft ships): one scope, variables exist once
 * mentioned, labels are jump targets. Its node types are the config's rule names and the PEG
 * tokens (`IDENT`, `STRING`, ...), so they are strings from the config, not `BuiltinNode`s.
 */
export function bindPegTree(binder: Binder, tree: SyntaxNode, grammar: PegGrammar): void {
  const roles = classifyRules(grammar, binder.spec);
  const assignOps = assignmentSpellings(binder.spec);
  const scope = binder.program;
  const visitIdent = (node: SyntaxNode, role: RuleRole, child: SyntaxNode): void => {
    switch (role) {
      case 'label':
        binder.declare(scope, {
          kind: 'label',
          nameSpan: child,
          namespace: 'labels',
          span: node,
          detail: binder.nameOf(node),
        });
        break;
      case 'jump':
        binder.use(scope, child, 'read', { namespace: 'labels' });
        break;
      case 'program':
        binder.declare(scope, {
          kind: 'program',
          nameSpan: child,
          span: { from: tree.from, to: tree.to },
          detail: binder.nameOf(node),
        });
        break;
      case 'input':
        write(binder, child, node);
        break;
      case 'assign':
        if (assignOps.some((op) => followedBy(binder.text, child.to, op))) write(binder, child, node);
        else binder.use(scope, child, 'read');
        break;
      case 'plain':
        binder.use(scope, child, 'read');
    }
  };
  // Document order, with an explicit stack of each open node and its next child: a PEG tree
  // is as deep as the program nests.
  const nodes: SyntaxNode[] = [tree];
  const next: number[] = [0];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top] as SyntaxNode;
    const index = next[top] as number;
    const child = node.children[index];
    if (!child) {
      nodes.pop();
      next.pop();
      continue;
    }
    next[top] = index + 1;
    if (child.type === 'IDENT') visitIdent(node, roles.get(node.type) ?? 'plain', child);
    else {
      nodes.push(child);
      next.push(0);
    }
  }
  binder.declareOnFirstUse(() => UNKNOWN);
}

function write(binder: Binder, ident: SyntaxNode, statement: SyntaxNode): void {
  const key = binder.fold(binder.nameOf(ident));
  if (binder.program.symbols.has(key)) binder.use(binder.program, ident, 'write');
  else
    binder.declare(binder.program, {
      kind: 'variable',
      nameSpan: ident,
      span: statement,
      explicit: false,
      detail: firstLine(binder.nameOf(statement)),
    });
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end === -1 ? text : text.slice(0, end)).trim();
}

function followedBy(text: string, at: number, op: string): boolean {
  let i = at;
  while (text[i] === ' ' || text[i] === '\t') i++;
  // `=` is not followed by `=` when it assigns; `==` compares.
  return text.startsWith(op, i) && !(op === '=' && text[i + 1] === '=');
}

function assignmentSpellings(spec: LanguageSpec): string[] {
  return [...new Set([spec.syntax.assignmentOperator, '=', ':='])];
}

function classifyRules(grammar: PegGrammar, spec: LanguageSpec): Map<string, RuleRole> {
  const fold = (s: string): string => s.toLowerCase();
  const spellings = (concepts: readonly string[], fallback: readonly string[]): Set<string> => {
    const out = new Set(fallback);
    for (const k of spec.keywords.values())
      if (concepts.includes(k.concept) || concepts.includes(k.original)) out.add(fold(k.custom));
    return out;
  };
  const jumps = spellings(['goto', 'gosub'], ['goto', 'gosub']);
  const programs = spellings(['program'], ['program']);
  const inputs = spellings(['input', 'read'], ['input']);
  const assignOps = new Set(assignmentSpellings(spec));
  const roles = new Map<string, RuleRole>();
  for (const rule of grammar.rules) {
    if (!rule.expr) continue;
    const items = rule.expr.kind === 'sequence' ? rule.expr.items : [rule.expr];
    const first = items[0];
    const second = items[1];
    const isIdent = (e: PegExpr | undefined): boolean => e?.kind === 'token' && e.name === 'IDENT';
    const literal = (e: PegExpr | undefined): string | undefined => (e?.kind === 'literal' ? fold(e.value) : undefined);
    const mentionsIdent = items.some(isIdent);
    if (items.length === 2 && isIdent(first) && literal(second) === ':') roles.set(rule.name, 'label');
    else if (mentionsIdent && jumps.has(literal(first) ?? '')) roles.set(rule.name, 'jump');
    else if (mentionsIdent && programs.has(literal(first) ?? '')) roles.set(rule.name, 'program');
    else if (mentionsIdent && inputs.has(literal(first) ?? '')) roles.set(rule.name, 'input');
    else if (assignsIdent(rule.expr, assignOps)) roles.set(rule.name, 'assign');
  }
  return roles;
}

/** Whether some sequence in the pattern (not through rule references) has IDENT then an assignment literal. */
function assignsIdent(e: PegExpr, ops: ReadonlySet<string>): boolean {
  switch (e.kind) {
    case 'sequence':
      return e.items.some((item, i) => {
        const next = e.items[i + 1];
        return (
          (item.kind === 'token' && item.name === 'IDENT' && next?.kind === 'literal' && ops.has(next.value)) ||
          assignsIdent(item, ops)
        );
      });
    case 'choice':
      return e.alternatives.some((a) => assignsIdent(a, ops));
    case 'repeat':
    case 'predicate':
      return assignsIdent(e.expr, ops);
    case 'literal':
    case 'class':
    case 'any':
    case 'token':
    case 'ref':
      return false;
  }
}
