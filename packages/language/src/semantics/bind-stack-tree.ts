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
      let loops = 0;
      for (const child of node.children) {
        if (child.type === STACK_NODES.keyword) loops += loopDepthChange(b, child);
        else if (child.type === STACK_NODES.word && loops > 0 && loopIndex(b, child, loops, visible)) continue;
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

/** Forth's loop indices, innermost first: I inside one DO loop, J inside two, K inside three. */
const LOOP_INDICES = ['I', 'J', 'K'];

/** +1 for a word that opens a DO loop, -1 for one that closes it, 0 otherwise. */
function loopDepthChange(b: Binder, keyword: SyntaxNode): number {
  const spelt = b.fold(b.nameOf(keyword));
  // With Forth's variants, `?DO` and `+LOOP` (stack-vocabulary.ts).
  const is = (concept: string, variant: string): boolean => {
    const k = b.spec.keywords.get(concept);
    return k !== undefined && (b.fold(k.custom) === spelt || b.fold(`${variant}${k.custom}`) === spelt);
  };
  if (is('for', '?')) return 1;
  return is('loop', '+') || is('next', '+') ? -1 : 0;
}

/**
 * Binds `I` (or J, K) inside as many DO loops as a loop index, which Forth provides in every
 * DO loop and no config spells; true when it did. A word of the program's own of that name wins.
 */
function loopIndex(b: Binder, word: SyntaxNode, loops: number, defined: ReadonlyMap<string, LanguageSymbol>): boolean {
  const name = b.nameOf(word);
  const depth = LOOP_INDICES.findIndex((i) => b.fold(i) === b.fold(name));
  if (depth === -1 || depth >= loops || defined.has(b.fold(name)) || b.lookup(b.language, b.fold(name))) return false;
  const occurrence = b.use(b.program, word, 'read');
  occurrence.symbol = {
    name,
    kind: 'function',
    scope: b.language,
    type: UNKNOWN,
    explicit: false,
    detail: `${name} ( -- n ) the index of the ${['innermost', 'second', 'third'][depth]} DO loop`,
  };
  return true;
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
