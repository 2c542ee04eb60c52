import { STACK_NODES } from '../syntax/stack/parse-stack-program.js';
import { DECLARERS, DEFINE, END_DEFINITION } from '../syntax/stack/stack-vocabulary.js';
import type { LineIndex } from '../diagnostics/line-index.js';
import type { SyntaxNode } from '../syntax/syntax-tree.js';
import type { Binder } from './binder.js';
import type { NameFinding } from './check-names.js';
import { UNKNOWN } from './language-types.js';
import { newScope, type LanguageSymbol, type Scope } from './symbol.js';

/**
 * Binds a stack program's words as Forth's dictionary does: a word is known from the end
 * of its definition on (not in its own body, not before it), and a later definition of the
 * same name replaces the earlier one for what follows, with a warning. Each definition
 * opens a scope whose parent holds everything defined before it, so the binder's usual
 * scope-chain lookup gives exactly that visibility. Declarations (VARIABLE, CONSTANT) name
 * global words wherever they stand, inside a definition too.
 *
 * Returns the redefinition warnings; undefined words are left unresolved for checkNames, but
 * only the first use of each name (as gcc reports an undeclared identifier once): later uses
 * resolve to a stand-in for the missing definition. After a definition or declaration that
 * lost its name no undefined word is left unresolved, since the missing name may be theirs.
 */
export function bindStackTree(b: Binder, tree: SyntaxNode, lines: LineIndex): NameFinding[] {
  const findings: NameFinding[] = [];
  const end = b.fold(b.spec.keywords.get(END_DEFINITION)?.custom ?? ';');
  let current: Scope = b.program;
  // The newest definition of each name, so most uses resolve here without walking the chain.
  const visible = new Map<string, LanguageSymbol>();
  // One stand-in per undefined name, in no scope: lookups never find it, uses are bound to it here.
  const undefinedWords = new Map<string, LanguageSymbol>();
  let nameLost = false;
  const useWord = (node: SyntaxNode, scope: Scope): void => {
    const occurrence = b.use(scope, node, 'read');
    occurrence.symbol = visible.get(occurrence.key) ?? b.lookup(b.language, occurrence.key);
    if (occurrence.symbol) return;
    const standIn = undefinedWords.get(occurrence.key);
    if (standIn) {
      occurrence.symbol = standIn;
      return;
    }
    const name = b.nameOf(node);
    undefinedWords.set(occurrence.key, {
      name,
      kind: 'function',
      scope: b.program,
      type: UNKNOWN,
      explicit: false,
      detail: `${name} (not defined in this text)`,
    });
    if (nameLost) occurrence.symbol = undefinedWords.get(occurrence.key);
  };
  const define = (nameNode: SyntaxNode, whole: SyntaxNode, kind: LanguageSymbol['kind'], detail: string): void => {
    const key = b.fold(b.nameOf(nameNode));
    const earlier = visible.get(key) ?? b.lookup(b.language, key);
    const scope = newScope('program', current);
    const symbol = b.declare(scope, {
      kind,
      nameSpan: nameNode,
      span: whole,
      detail,
    });
    if (earlier) {
      findings.push({
        span: nameNode,
        code: 'redefined-word',
        message: earlier.nameSpan
          ? `'${symbol.name}' is redefined; words after this use the new definition, words before it keep the one on line ${lines.position(earlier.nameSpan.from).line + 1}.`
          : `'${symbol.name}' redefines the built-in word; words after this use the new definition.`,
        ...(earlier.nameSpan && {
          related: { span: earlier.nameSpan, message: `'${earlier.name}' is first defined here.` },
        }),
      });
    }
    visible.set(key, symbol);
    current = scope;
  };

  const declaration = (node: SyntaxNode): void => {
    const [keyword, name] = node.children;
    if (!keyword || !name) {
      nameLost = true;
      return;
    }
    const role = [...b.spec.keywords.values()].find((k) => b.fold(k.custom) === b.fold(b.nameOf(keyword)))?.concept;
    const kind = (role !== undefined ? DECLARERS[role] : undefined) ?? 'variable';
    define(name, node, kind, `${b.nameOf(keyword)} ${b.nameOf(name)}`);
  };

  for (const node of tree.children) {
    if (node.type === STACK_NODES.definition) {
      const name = node.children.find((c) => c.type === STACK_NODES.definitionName);
      if (!name) nameLost = true;
      const last = node.children[node.children.length - 1];
      const closed = last !== undefined && last !== name && b.fold(b.nameOf(last)) === end;
      // Body words see what was defined before this definition, not the word itself. A
      // definition left open (already an error) is known at once: the rest of the text it
      // swallowed would otherwise report its name again.
      if (name && !closed) define(name, node, 'function', definitionDetail(b, node, name));
      for (const child of node.children) {
        if (child.type === STACK_NODES.word || child.type === STACK_NODES.builtin) useWord(child, current);
        else if (child.type === STACK_NODES.declaration) declaration(child);
      }
      if (name && closed) define(name, node, 'function', definitionDetail(b, node, name));
      continue;
    }
    if (node.type === STACK_NODES.declaration) declaration(node);
    else if (node.type === STACK_NODES.word || node.type === STACK_NODES.builtin) useWord(node, current);
  }
  return findings;
}

/** `: SQUARE ( n -- n*n )`: the definition's opening, with its stack-effect comment when it has one. */
function definitionDetail(b: Binder, node: SyntaxNode, name: SyntaxNode): string {
  const text = b.text;
  // A definition read without its ':' (the parser's recovery) starts with its name.
  const colon = node.children[0];
  const spelt =
    colon && colon !== name ? text.slice(colon.from, colon.to) : (b.spec.keywords.get(DEFINE)?.custom ?? ':');
  const head = `${spelt} ${text.slice(name.from, name.to)}`;
  const next = node.children[node.children.indexOf(name) + 1];
  if (next?.type === STACK_NODES.comment && next.to - next.from <= 80 && !text.slice(next.from, next.to).includes('\n'))
    return `${head} ${text.slice(next.from, next.to)}`;
  return head;
}
