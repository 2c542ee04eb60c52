import type { LanguageSpec } from '../../config/language-spec.js';
import type { SyntaxNode } from '../syntax-tree.js';
import { BuiltinNode } from '../base/builtin-nodes.js';
import { controlProblem, isControl, respelledControlWord, type ControlWord } from './stack-control.js';
import { stackTokens, type StackToken } from './stack-tokens.js';
import { DECLARERS, DEFINE, END_DEFINITION, StackVocabulary } from './stack-vocabulary.js';
import { editDistance } from '../../diagnostics/edit-distance.js';

/**
 * Node types of a stack program's tree; the stack binder reads them. The root, numbers, strings
 * and comments are named as in the built-in grammars, so passes over any tree find them alike.
 * A definition that lost its name has no DefinitionName child, and a declaration that lost
 * its name no DeclaredName child.
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

/** An edit that resolves a syntax error: `insert` replaces the text from `from` to `to`. */
export interface StackFix {
  readonly title: string;
  readonly from: number;
  readonly to: number;
  readonly insert: string;
}

export interface StackSyntaxError {
  readonly from: number;
  readonly to: number;
  readonly message: string;
  readonly fix?: StackFix;
}

export interface StackParse {
  readonly tree: SyntaxNode;
  /** In text order. */
  readonly errors: readonly StackSyntaxError[];
  /** Set when the deadline passed: the tree covers the text up to here, and nothing after it is checked. */
  readonly truncatedAt?: number;
}

/** Where the parse stood before a token, to go back to when a later word shows how to read it. */
interface Mark {
  readonly index: number;
  readonly nodes: number;
  readonly errors: number;
  readonly control: number;
  readonly unknown: number;
}

interface OpenDefinition {
  /** The index of its ':' (or, when the ':' is missing, of its name). */
  readonly start: number;
  readonly label: string;
  readonly children: SyntaxNode[];
  readonly control: ControlWord[];
  /** Its words that nothing defined before it: a misspelt control word is one of them. */
  readonly unknown: SyntaxNode[];
  /** A word of its own stands on the line of its ':' after the name. */
  bodyOnFirstLine: boolean;
  /** A line of it after the first has started. */
  continued: boolean;
  /** A continuation line of it is indented. */
  indented: boolean;
  /** Its first continuation line in column 0 was seen: whether or not it marked `end`, no later line does. */
  settled: boolean;
  /**
   * The first line in column 0 after an indented continuation line or a one-line definition:
   * where it ends when no ';' closes it, since that is how the text lays out its definitions.
   */
  end?: Mark;
}

/** Tokens between looks at the clock: reading it costs more than a token. */
const CLOCK_EVERY = 512;

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
 * error is reported once where it stands, and a mistake is read as the slip that explains
 * the words around it, so one mistake gives one error: a ';' that closes nothing after a
 * line that starts with an unknown word is a definition whose ':' is missing; a definition
 * left open ends where the layout says it does; a control mistake that an unknown word
 * explains is that word misspelt. Linear in the text: a recovery re-reads the words of one
 * definition at most once more. Stops between two words once `deadline` has passed.
 */
export function parseStackProgram(spec: LanguageSpec, text: string, deadline = Infinity): StackParse {
  const { tokens, stoppedAt } = stackTokens(text, spec.lexical, deadline);
  const parser = new StackParser(new StackVocabulary(spec), text, tokens);
  const truncatedAt = parser.run(deadline, stoppedAt);
  return {
    tree: { type: STACK_NODES.program, from: 0, to: text.length, children: parser.top },
    errors: parser.errors.sort((a, b) => a.from - b.from),
    ...(truncatedAt !== undefined && { truncatedAt }),
  };
}

class StackParser {
  readonly top: SyntaxNode[] = [];
  readonly errors: StackSyntaxError[] = [];
  private open: OpenDefinition | undefined;
  /** An unclosed comment or string swallows the rest of the text: what it leaves open is its fault. */
  private swallowed = false;
  /** Names that definitions and declarations so far introduce, folded. */
  private readonly defined = new Set<string>();
  /**
   * Unknown words that start a line at the top level since the last definition or
   * declaration: where a definition whose ':' is missing may start.
   */
  private heads: Mark[] = [];

  constructor(
    private readonly vocabulary: StackVocabulary,
    private readonly text: string,
    private readonly tokens: readonly StackToken[],
  ) {}

  /**
   * Parses every token; returns where it stopped when the deadline passed first, in the
   * parse or in the tokenizer (`stoppedAt`, where the tokens end).
   */
  run(deadline: number, stoppedAt?: number): number | undefined {
    let i = 0;
    for (let steps = 1; ; steps++) {
      const t = this.tokens[i];
      if (!t && stoppedAt !== undefined) {
        if (this.open) this.close(this.open, stoppedAt);
        return stoppedAt;
      }
      if (!t) {
        // A definition the text leaves open ends where its layout says, and the rest is read again.
        if (this.open?.end && !this.swallowed) {
          i = this.cut(this.open, this.open.end);
          continue;
        }
        break;
      }
      if (steps % CLOCK_EVERY === 0 && performance.now() > deadline) {
        // What a stopped parse leaves open at its end is not an error in the text.
        if (this.open) this.close(this.open, this.text.length);
        return t.from;
      }
      i = this.step(i, t);
    }
    const open = this.open;
    if (open) {
      if (!this.swallowed)
        this.error(
          this.tokens[open.start] as StackToken,
          this.nameEnd(open),
          this.unclosed(open, 'the end of the text'),
        );
      this.close(open, this.text.length);
    }
    return undefined;
  }

  private word(t: { from: number; to: number }): string {
    return this.text.slice(t.from, t.to);
  }

  private quoted(t: { from: number; to: number }): string {
    return `'${this.word(t)}'`;
  }

  private error(at: { from: number }, to: number, message: string, fix?: StackFix): void {
    this.errors.push({ from: at.from, to, message, ...(fix && { fix }) });
  }

  private add(node: SyntaxNode): void {
    (this.open ? this.open.children : this.top).push(node);
  }

  private mark(index: number): Mark {
    const open = this.open;
    return {
      index,
      nodes: open ? open.children.length : this.top.length,
      errors: this.errors.length,
      control: open?.control.length ?? 0,
      unknown: open?.unknown.length ?? 0,
    };
  }

  /** Whether the token at `index` is the first on its line (the gap before it is whitespace). */
  private startsLine(index: number): boolean {
    const before = this.tokens[index - 1];
    if (!before) return true;
    const from = (this.tokens[index] as StackToken).from;
    for (let k = before.to; k < from; k++) if (this.text[k] === '\n') return true;
    return false;
  }

  private nameEnd(open: OpenDefinition): number {
    const name = open.children.find((c) => c.type === STACK_NODES.definitionName);
    return name?.to ?? (this.tokens[open.start] as StackToken).to;
  }

  private unclosed(open: OpenDefinition, before: string): string {
    return `The definition of ${open.label} is not closed by '${this.vocabulary.spelling(END_DEFINITION)}' before ${before}.`;
  }

  /** Reads the token at `index`; returns the index of the next token to read. */
  private step(index: number, t: StackToken): number {
    const open = this.open;
    if (open && t.kind !== 'comment') this.followLayout(open, index, t);
    if (t.kind === 'comment' || t.kind === 'string') {
      this.add(leaf(t.kind === 'comment' ? STACK_NODES.comment : STACK_NODES.string, t));
      if (t.unclosed) {
        this.swallowed = true;
        // Located on its first line: the rest of the text is inside it.
        const lineEnd = this.text.indexOf('\n', t.from);
        this.error(
          t,
          lineEnd === -1 ? t.to : Math.min(t.to, lineEnd),
          `This ${t.kind} is not closed before the end of the text.`,
        );
      }
      return index + 1;
    }
    if (t.kind === 'number') {
      this.add(leaf(STACK_NODES.number, t));
      return index + 1;
    }
    const cls = this.vocabulary.classify(this.word(t));
    if (cls.kind === 'operator') this.add(leaf(STACK_NODES.operator, t));
    else if (cls.kind === 'builtin') this.add(leaf(STACK_NODES.builtin, t));
    if (cls.kind !== 'name' && cls.kind !== 'keyword') return index + 1;
    if (cls.kind === 'name') {
      const known = this.defined.has(this.vocabulary.fold(this.word(t)));
      const declarer = known ? undefined : this.misspeltDeclarer(index);
      if (declarer !== undefined) {
        this.error(t, t.to, `${this.quoted(t)} is not a keyword; did you mean ${declarer}?`, {
          title: `Change to ${declarer}`,
          from: t.from,
          to: t.to,
          insert: declarer,
        });
        return this.declare(index, t);
      }
      const node = leaf(STACK_NODES.word, t);
      if (open && !known) open.unknown.push(node);
      if (!open && !known && this.startsLine(index)) this.heads.push(this.mark(index));
      this.add(node);
      return index + 1;
    }
    const concept = cls.keyword.concept;
    if (concept === DEFINE) return this.define(index, t);
    if (concept === END_DEFINITION) return this.endDefinition(index, t);
    if (DECLARERS[concept]) return this.declare(index, t);
    this.add(leaf(STACK_NODES.keyword, t));
    if (!isControl(concept)) return index + 1;
    if (open) open.control.push({ concept, from: t.from, to: t.to });
    else
      this.error(
        t,
        t.to,
        `${this.quoted(t)} can only be used inside a '${this.vocabulary.spelling(DEFINE)}' definition.`,
      );
    return index + 1;
  }

  /** Notes how an open definition's lines are laid out, and where a line in column 0 would end it. */
  private followLayout(open: OpenDefinition, index: number, t: StackToken): void {
    if (!this.startsLine(index)) {
      if (!open.continued) open.bodyOnFirstLine = true;
      return;
    }
    open.continued = true;
    if (open.settled) return;
    const column0 = t.from === 0 || this.text[t.from - 1] === '\n';
    if (!column0) {
      open.indented = true;
      return;
    }
    // A ';' in column 0 closes a definition laid out that way.
    const cls = t.kind === 'word' ? this.vocabulary.classify(this.word(t)) : undefined;
    if (cls?.kind === 'keyword' && cls.keyword.concept === END_DEFINITION) return;
    open.settled = true;
    if (open.bodyOnFirstLine || open.indented) open.end = this.mark(index);
  }

  private define(index: number, t: StackToken): number {
    const before = this.open;
    if (before) {
      if (before.end && before.end.index < index) return this.cut(before, before.end);
      this.error(
        this.tokens[before.start] as StackToken,
        this.nameEnd(before),
        this.unclosed(before, `the next ${this.quoted(t)}`),
      );
      this.close(before, (this.tokens[index - 1] as StackToken).to);
    }
    this.heads = [];
    const children: SyntaxNode[] = [leaf(STACK_NODES.keyword, t)];
    const name = this.tokens[index + 1];
    let label = 'this word';
    let next = index + 1;
    if (name && name.kind !== 'comment' && name.kind !== 'string') {
      next++;
      label = this.quoted(name);
      const nameClass = name.kind === 'word' ? this.vocabulary.classify(this.word(name)) : undefined;
      if (name.kind === 'number' || nameClass?.kind === 'keyword') {
        this.error(
          name,
          name.to,
          `${this.quoted(name)} is ${name.kind === 'number' ? 'a number' : 'a keyword of this language'}; a definition needs a name of its own.`,
        );
        children.push(leaf(STACK_NODES.keyword, name));
      } else {
        children.push(leaf(STACK_NODES.definitionName, name));
        this.defined.add(this.vocabulary.fold(this.word(name)));
      }
    } else this.error(t, t.to, `${this.quoted(t)} needs the name of the word it defines after it.`);
    this.open = this.opened(index, label, children);
    return next;
  }

  private opened(start: number, label: string, children: SyntaxNode[]): OpenDefinition {
    return {
      start,
      label,
      children,
      control: [],
      unknown: [],
      bodyOnFirstLine: false,
      continued: false,
      indented: false,
      settled: false,
    };
  }

  private endDefinition(index: number, t: StackToken): number {
    const open = this.open;
    if (open) {
      this.close(open, t.to, t);
      return index + 1;
    }
    // The nearest line start since the last definition that is an unknown word is where a
    // definition begins whose ':' is missing: read it again as that definition.
    const head = this.heads[this.heads.length - 1];
    this.heads = [];
    if (head) {
      this.top.length = head.nodes;
      this.errors.length = head.errors;
      const name = this.tokens[head.index] as StackToken;
      const colon = this.vocabulary.spelling(DEFINE);
      this.error(name, name.to, `'${colon}' is missing before ${this.quoted(name)}.`, {
        title: `Insert '${colon}'`,
        from: name.from,
        to: name.from,
        insert: `${colon} `,
      });
      this.defined.add(this.vocabulary.fold(this.word(name)));
      this.open = this.opened(head.index, this.quoted(name), [leaf(STACK_NODES.definitionName, name)]);
      return head.index + 1;
    }
    this.error(
      t,
      t.to,
      `${this.quoted(t)} ends a definition, but no '${this.vocabulary.spelling(DEFINE)}' definition is open.`,
    );
    this.add(leaf(STACK_NODES.keyword, t));
    return index + 1;
  }

  /**
   * The declaring keyword (VARIABLE, CONSTANT) the unknown word at `index` is one slip from,
   * when a name nothing defines follows it: `VRIABLE counter` declares counter, misspelt.
   */
  private misspeltDeclarer(index: number): string | undefined {
    const t = this.tokens[index] as StackToken;
    const next = this.tokens[index + 1];
    const word = this.word(t);
    if (word.length < 4 || next?.kind !== 'word' || this.vocabulary.classify(this.word(next)).kind !== 'name')
      return undefined;
    if (this.defined.has(this.vocabulary.fold(this.word(next)))) return undefined;
    for (const k of this.vocabulary.spec.keywords.values())
      if (DECLARERS[k.concept] && editDistance(word.toLowerCase(), k.custom.toLowerCase(), 1) <= 1) return k.custom;
    return undefined;
  }

  private declare(index: number, t: StackToken): number {
    const name = this.tokens[index + 1];
    const nameClass = name?.kind === 'word' ? this.vocabulary.classify(this.word(name)) : undefined;
    const children = [leaf(STACK_NODES.keyword, t)];
    let next = index + 1;
    if (name && nameClass && nameClass.kind !== 'keyword') {
      next++;
      children.push(leaf(STACK_NODES.declaredName, name));
      this.defined.add(this.vocabulary.fold(this.word(name)));
    } else this.error(t, t.to, `${this.quoted(t)} needs the name it declares after it.`);
    this.add({ type: STACK_NODES.declaration, from: t.from, to: children[children.length - 1]?.to ?? t.to, children });
    if (!this.open) this.heads = [];
    return next;
  }

  /**
   * Ends an open definition before `end`, the line its layout ends it at, with one error at
   * its last word, and returns where to read on: the words from `end` on are read again
   * outside it.
   */
  private cut(open: OpenDefinition, end: Mark): number {
    open.children.length = end.nodes;
    open.control.length = end.control;
    open.unknown.length = end.unknown;
    this.errors.length = end.errors;
    let k = end.index - 1;
    while (k > open.start && this.tokens[k]?.kind === 'comment') k--;
    const last = this.tokens[k] as StackToken;
    const semicolon = this.vocabulary.spelling(END_DEFINITION);
    this.error(
      last,
      last.to,
      `'${semicolon}' is missing after ${this.quoted(last)} to end the definition of ${open.label}.`,
      {
        title: `Insert '${semicolon}'`,
        from: last.to,
        to: last.to,
        insert: ` ${semicolon}`,
      },
    );
    this.close(open, last.to);
    return end.index;
  }

  /** Closes the open definition at `to`; `closer` is its ';' when one closes it. */
  private close(open: OpenDefinition, to: number, closer?: StackToken): void {
    const problem = controlProblem(open.control, this.vocabulary, this.text, closer);
    if (problem) {
      const respelt = respelledControlWord(open.control, open.unknown, this.vocabulary, this.text, closer);
      if (respelt) {
        this.error(respelt, respelt.to, `${this.quoted(respelt)} is not a keyword; did you mean ${respelt.spelling}?`, {
          title: `Change to ${respelt.spelling}`,
          from: respelt.from,
          to: respelt.to,
          insert: respelt.spelling,
        });
        // Read as the keyword: it is no use of an undefined word.
        const at = open.children.findIndex((c) => c.from === respelt.from);
        if (at !== -1) open.children[at] = leaf(STACK_NODES.keyword, respelt);
      } else this.error(problem, problem.to, problem.message);
    }
    const children = closer ? [...open.children, leaf(STACK_NODES.keyword, closer)] : open.children;
    const from = (this.tokens[open.start] as StackToken).from;
    this.top.push({ type: STACK_NODES.definition, from, to, children });
    this.open = undefined;
  }
}
