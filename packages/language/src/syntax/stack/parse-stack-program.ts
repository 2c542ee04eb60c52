import type { LanguageSpec } from '../../config/language-spec.js';
import type { SyntaxNode } from '../syntax-tree.js';
import { BuiltinNode } from '../base/builtin-nodes.js';
import { stackTokens, type StackToken } from './stack-tokens.js';
import { CONTROL, DECLARERS, DEFINE, END_DEFINITION, StackVocabulary } from './stack-vocabulary.js';

/**
 * Node types of a stack program's tree; the stack binder reads them. The root, numbers, strings
 * and comments are named as in the built-in grammars, so passes over any tree find them alike.
 */
export const STACK_NODES = {
  program: BuiltinNode.Program,
  definition: 'Definition',
  definitionName: 'DefinitionName',
  declaration: 'Declaration',
  declaredName: 'DeclaredName',
  word: 'Word',
  builtin: 'Builtin',
  keyword: 'Keyword',
  operator: 'Operator',
  number: BuiltinNode.Number,
  string: BuiltinNode.String,
  comment: BuiltinNode.Comment,
} as const;

export interface StackSyntaxError {
  readonly from: number;
  readonly to: number;
  readonly message: string;
}

export interface StackParse {
  readonly tree: SyntaxNode;
  readonly errors: readonly StackSyntaxError[];
}

interface OpenDefinition {
  readonly colon: StackToken;
  readonly label: string;
  readonly nameEnd: number;
  readonly children: SyntaxNode[];
  readonly control: { readonly concept: string; readonly token: StackToken }[];
  /** One control-structure error per definition: after the first, its nesting is not trusted. */
  controlReported: boolean;
}

const leaf = (type: string, t: { from: number; to: number }): SyntaxNode => ({
  type,
  from: t.from,
  to: t.to,
  children: [],
});

/**
 * Parses a Forth-like program: whitespace-separated postfix words, `: NAME ... ;`
 * definitions, declaring words (VARIABLE NAME) and the control words a definition nests
 * (IF ... ELSE ... THEN, BEGIN ... UNTIL, DO ... LOOP), as the config spells them. Each
 * error is reported once where it stands, and parsing goes on from the next word, so one
 * mistake gives one error. Linear in the text: one pass over its tokens.
 */
export function parseStackProgram(spec: LanguageSpec, text: string): StackParse {
  const vocabulary = new StackVocabulary(spec);
  const tokens = stackTokens(text, spec.lexical);
  const errors: StackSyntaxError[] = [];
  const top: SyntaxNode[] = [];
  const word = (t: StackToken): string => text.slice(t.from, t.to);
  const quoted = (t: StackToken): string => `'${word(t)}'`;
  const closers = new Map<string, string>();
  const inners = new Map<string, string>();
  for (const [opener, { inner, closers: close }] of Object.entries(CONTROL)) {
    for (const c of close) closers.set(c, opener);
    for (const c of inner) inners.set(c, opener);
  }
  let open: OpenDefinition | undefined;
  // An unclosed comment or string swallows the rest of the text: what it leaves open is its fault.
  let swallowed = false;

  const close = (end: number, closing?: SyntaxNode): void => {
    if (!open) return;
    const children = closing ? [...open.children, closing] : open.children;
    top.push({ type: STACK_NODES.definition, from: open.colon.from, to: end, children });
    open = undefined;
  };
  const add = (node: SyntaxNode): void => {
    (open ? open.children : top).push(node);
  };
  /** `message` says what is wrong inside a definition; outside one, that a control word is out of place. */
  const controlError = (t: StackToken, message?: string): void => {
    if (!open) {
      errors.push({
        from: t.from,
        to: t.to,
        message: `${quoted(t)} can only be used inside a '${vocabulary.spelling(DEFINE)}' definition.`,
      });
      return;
    }
    if (!open.controlReported && message !== undefined) errors.push({ from: t.from, to: t.to, message });
    open.controlReported = true;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as StackToken;
    if (t.kind === 'comment' || t.kind === 'string') {
      add(leaf(t.kind === 'comment' ? STACK_NODES.comment : STACK_NODES.string, t));
      if (t.unclosed) {
        swallowed = true;
        // Located on its first line: the rest of the text is inside it.
        const lineEnd = text.indexOf('\n', t.from);
        errors.push({
          from: t.from,
          to: lineEnd === -1 ? t.to : Math.min(t.to, lineEnd),
          message:
            t.kind === 'comment'
              ? `This comment is not closed before the end of the text.`
              : `This string is not closed before the end of the text.`,
        });
      }
      continue;
    }
    if (t.kind === 'number') {
      add(leaf(STACK_NODES.number, t));
      continue;
    }
    const cls = vocabulary.classify(word(t));
    if (cls.kind === 'operator') add(leaf(STACK_NODES.operator, t));
    else if (cls.kind === 'builtin') add(leaf(STACK_NODES.builtin, t));
    else if (cls.kind === 'name') add(leaf(STACK_NODES.word, t));
    if (cls.kind !== 'keyword') continue;
    const concept = cls.keyword.concept;

    if (concept === DEFINE) {
      if (open) {
        errors.push({
          from: open.colon.from,
          to: open.nameEnd,
          message: `The definition of ${open.label} is not closed by '${vocabulary.spelling(END_DEFINITION)}' before the next ${quoted(t)}.`,
        });
        close(tokens[i - 1]?.to ?? t.from);
      }
      const name = tokens[i + 1];
      const children: SyntaxNode[] = [leaf(STACK_NODES.keyword, t)];
      let label = 'this word';
      if (name && name.kind !== 'comment' && name.kind !== 'string') {
        i++;
        label = quoted(name);
        const nameClass = name.kind === 'word' ? vocabulary.classify(word(name)) : undefined;
        if (name.kind === 'number' || nameClass?.kind === 'keyword') {
          errors.push({
            from: name.from,
            to: name.to,
            message: `${quoted(name)} is ${name.kind === 'number' ? 'a number' : 'a keyword of this language'}; a definition needs a name of its own.`,
          });
          children.push(leaf(STACK_NODES.keyword, name));
        } else children.push(leaf(STACK_NODES.definitionName, name));
      } else {
        errors.push({
          from: t.from,
          to: t.to,
          message: `${quoted(t)} needs the name of the word it defines after it.`,
        });
      }
      open = {
        colon: t,
        label,
        nameEnd: children[children.length - 1]?.to ?? t.to,
        children,
        control: [],
        controlReported: false,
      };
      continue;
    }
    if (concept === END_DEFINITION) {
      if (!open) {
        errors.push({
          from: t.from,
          to: t.to,
          message: `${quoted(t)} ends a definition, but no '${vocabulary.spelling(DEFINE)}' definition is open.`,
        });
        add(leaf(STACK_NODES.keyword, t));
        continue;
      }
      const unclosed = open.control[0];
      if (unclosed && !open.controlReported) {
        const expected = (CONTROL[unclosed.concept]?.closers ?? [])
          .filter((c) => spec.keywords.has(c))
          .map((c) => `'${vocabulary.spelling(c)}'`);
        errors.push({
          from: unclosed.token.from,
          to: unclosed.token.to,
          message: `${quoted(unclosed.token)} is not closed by ${expected.join(' or ')} before ${quoted(t)}.`,
        });
      }
      close(t.to, leaf(STACK_NODES.keyword, t));
      continue;
    }
    const declares = DECLARERS[concept];
    if (declares) {
      const name = tokens[i + 1];
      const nameClass = name?.kind === 'word' ? vocabulary.classify(word(name)) : undefined;
      if (name && nameClass && nameClass.kind !== 'keyword') {
        i++;
        add({
          type: STACK_NODES.declaration,
          from: t.from,
          to: name.to,
          children: [leaf(STACK_NODES.keyword, t), leaf(STACK_NODES.declaredName, name)],
        });
      } else {
        errors.push({ from: t.from, to: t.to, message: `${quoted(t)} needs the name it declares after it.` });
        add(leaf(STACK_NODES.keyword, t));
      }
      continue;
    }
    add(leaf(STACK_NODES.keyword, t));
    if (CONTROL[concept]) {
      if (open) open.control.push({ concept, token: t });
      else controlError(t);
      continue;
    }
    const closes = closers.get(concept);
    const within = inners.get(concept);
    const family = closes ?? within;
    if (family === undefined) continue;
    const innermost = open?.control[open.control.length - 1];
    const fits = concept === 'break' ? open?.control.some((c) => c.concept === family) : innermost?.concept === family;
    if (!fits) {
      controlError(
        t,
        `${quoted(t)} has no open '${vocabulary.spelling(family)}' to ${closes ? 'close' : 'belong to'}.`,
      );
      continue;
    }
    if (closes && open) open.control.pop();
  }
  if (open) {
    if (!swallowed)
      errors.push({
        from: open.colon.from,
        to: open.nameEnd,
        message: `The definition of ${open.label} is not closed by '${vocabulary.spelling(END_DEFINITION)}' before the end of the text.`,
      });
    close(text.length);
  }
  return { tree: { type: STACK_NODES.program, from: 0, to: text.length, children: top }, errors };
}
