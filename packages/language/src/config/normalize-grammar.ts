import type { Node } from 'yaml';
import { ConfigCodes } from './config-codes.js';
import type { ConfigDocument } from './config-document.js';
import { GRAMMAR_KEYS } from './known-keys.js';
import { reportUnknownKeys } from './normalize-vocabulary.js';
import type { PegExpr, PegGrammar, PegRule } from './peg-ast.js';
import { parsePegPattern } from './peg-notation.js';

export function normalizeGrammar(doc: ConfigDocument, node: Node | null): PegGrammar | undefined {
  if (node === null) return undefined;
  reportUnknownKeys(doc, node, GRAMMAR_KEYS, 'grammar');
  const fields = new Map(doc.entries(node, 'grammar').map((e) => [e.key, { value: e.value, keyNode: e.keyNode }]));
  const rules: PegRule[] = [];
  for (const { key, keyNode, value } of doc.entries(fields.get('rules')?.value ?? null, 'grammar.rules')) {
    const pattern = doc.string(value, `grammar.rules.${key}`);
    if (pattern === undefined) continue;
    const locate = (from: number, to: number) => doc.rangeWithin(value, from, to);
    const parsed = parsePegPattern(pattern);
    if (!parsed.ok) {
      doc.report(
        ConfigCodes.PC_CONFIG_GRAMMAR_SYNTAX,
        locate(parsed.from, parsed.to) ?? doc.rangeOf(value),
        `Rule '${key}': ${parsed.message}`,
      );
    }
    rules.push({
      name: key,
      expr: parsed.ok ? parsed.expr : undefined,
      pattern,
      range: doc.rangeOf(value) ?? doc.rangeOf(keyNode),
      locate,
    });
  }
  const commentNodes = doc.list(fields.get('comments')?.value ?? null, 'grammar.comments') ?? [];
  const comments: string[] = [];
  for (const c of commentNodes) {
    const source = doc.string(c, 'grammar.comments[]');
    if (source === undefined) continue;
    try {
      new RegExp(source, 'y');
      comments.push(source);
    } catch (error) {
      doc.report(
        ConfigCodes.PC_CONFIG_GRAMMAR_SYNTAX,
        doc.rangeOf(c),
        `Comment pattern is not a valid regular expression: ${(error as Error).message}`,
      );
    }
  }
  const startNode = fields.get('start')?.value ?? null;
  const start = doc.string(startNode, 'grammar.start') ?? rules[0]?.name ?? '';
  const grammar: PegGrammar = {
    name: doc.string(fields.get('name')?.value ?? null, 'grammar.name') ?? '',
    start,
    skipWhitespace: doc.boolean(fields.get('skip_whitespace')?.value ?? null, 'grammar.skip_whitespace') ?? true,
    comments,
    rules,
    ...(doc.rangeOf(node) && { range: doc.rangeOf(node) }),
  };
  if (!rules.some((r) => r.name === start)) {
    doc.report(
      ConfigCodes.PC_CONFIG_GRAMMAR_MISSING_RULE,
      doc.rangeOf(startNode ?? node),
      `The start rule '${start}' is not defined in grammar.rules.`,
    );
  }
  validateReferences(doc, grammar);
  validateLeftRecursion(doc, grammar);
  return grammar;
}

function validateReferences(doc: ConfigDocument, grammar: PegGrammar): void {
  const names = new Set(grammar.rules.map((r) => r.name));
  for (const rule of grammar.rules) {
    walk(rule.expr, (e) => {
      if (e.kind === 'ref' && !names.has(e.name)) {
        doc.report(
          ConfigCodes.PC_CONFIG_GRAMMAR_MISSING_RULE,
          rule.locate(e.offset, e.offset + e.name.length) ?? rule.range,
          `Rule '${rule.name}' refers to '${e.name}', which grammar.rules does not define.`,
        );
      }
    });
  }
}

function walk(expr: PegExpr | undefined, visit: (e: PegExpr) => void): void {
  if (!expr) return;
  visit(expr);
  switch (expr.kind) {
    case 'choice':
      expr.alternatives.forEach((a) => walk(a, visit));
      break;
    case 'sequence':
      expr.items.forEach((a) => walk(a, visit));
      break;
    case 'repeat':
    case 'predicate':
      walk(expr.expr, visit);
      break;
    case 'literal':
    case 'class':
    case 'any':
    case 'token':
    case 'ref':
      break;
  }
}

/**
 * A rule is left-recursive when it can call itself before consuming anything. Computes which
 * rules can match empty (to a fixed point), then which rules each can call at its left edge,
 * and reports every rule on a cycle of that relation, with the cycle spelled out.
 */
function validateLeftRecursion(doc: ConfigDocument, grammar: PegGrammar): void {
  const byName = new Map(grammar.rules.map((r) => [r.name, r]));
  const nullable = new Set<string>();
  const canBeEmpty = (e: PegExpr): boolean => {
    switch (e.kind) {
      case 'choice':
        return e.alternatives.some(canBeEmpty);
      case 'sequence':
        return e.items.every(canBeEmpty);
      case 'repeat':
        return e.op !== '+' || canBeEmpty(e.expr);
      case 'predicate':
        return true;
      case 'literal':
        return e.value === '';
      case 'token':
        return e.name === 'EOF';
      case 'class':
      case 'any':
        return false;
      case 'ref':
        return nullable.has(e.name);
    }
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const r of grammar.rules) {
      if (r.expr && !nullable.has(r.name) && canBeEmpty(r.expr)) {
        nullable.add(r.name);
        changed = true;
      }
    }
  }
  const leftCalls = (e: PegExpr, out: { name: string; offset: number }[]): void => {
    switch (e.kind) {
      case 'choice':
        e.alternatives.forEach((a) => leftCalls(a, out));
        break;
      case 'sequence':
        for (const item of e.items) {
          leftCalls(item, out);
          if (!canBeEmpty(item)) break;
        }
        break;
      case 'repeat':
      case 'predicate':
        leftCalls(e.expr, out);
        break;
      case 'ref':
        out.push({ name: e.name, offset: e.offset });
        break;
      case 'literal':
      case 'class':
      case 'any':
      case 'token':
        break;
    }
  };
  const edges = new Map<string, { name: string; offset: number }[]>();
  for (const r of grammar.rules) {
    const out: { name: string; offset: number }[] = [];
    if (r.expr) leftCalls(r.expr, out);
    edges.set(
      r.name,
      out.filter((c) => byName.has(c.name)),
    );
  }
  const reported = new Set<string>();
  for (const r of grammar.rules) {
    const path = findCycle(r.name, edges);
    if (!path || reported.has(r.name)) continue;
    reported.add(r.name);
    const first = edges.get(r.name)?.find((c) => c.name === path[1]);
    doc.report(
      ConfigCodes.PC_CONFIG_GRAMMAR_LEFT_RECURSION,
      (first && r.locate(first.offset, first.offset + first.name.length)) ?? r.range,
      `Rule '${r.name}' is left-recursive: ${path.join(' -> ')} without consuming input. Rewrite it as repetition, e.g. a <- b (op b)*.`,
    );
  }
}

function findCycle(start: string, edges: Map<string, { name: string }[]>): string[] | undefined {
  const seen = new Set<string>();
  const dfs = (name: string, path: string[]): string[] | undefined => {
    for (const { name: next } of edges.get(name) ?? []) {
      if (next === start) return [...path, next];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = dfs(next, [...path, next]);
      if (found) return found;
    }
    return undefined;
  };
  return dfs(start, [start]);
}
