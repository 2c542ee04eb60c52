import type { KeywordSpec, LanguageSpec } from '../config/language-spec.js';
import type { Position, Range } from '../diagnostics/diagnostic.js';
import type { LineIndex } from '../diagnostics/line-index.js';
import type { SyntaxNode } from '../syntax/syntax-tree.js';
import type { Binder } from './binder.js';
import { keywordHover, symbolHover } from './hover-text.js';
import type { LanguageSymbol, Occurrence, OccurrenceRole, Span, SymbolKind } from './symbol.js';
import { BuiltinNode } from '../syntax/base/builtin-nodes.js';

/** An outline entry, shaped like LSP's DocumentSymbol. */
export interface DocumentSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly detail?: string;
  /** The whole declaration. */
  readonly range: Range;
  /** The name, inside `range`. */
  readonly selectionRange: Range;
  readonly children: DocumentSymbol[];
}

export interface Hover {
  /** The word hovered. */
  readonly range: Range;
  readonly markdown: string;
}

export interface Reference {
  readonly range: Range;
  readonly role: OccurrenceRole;
}

/**
 * What the language server asks about a program's names, by LSP position: the outline,
 * go-to-definition, find-references, highlights and hovers. Built once per analysis; the
 * per-symbol reference lists are built on the first question that needs them.
 */
export class SymbolTable {
  private readonly occurrences: readonly Occurrence[];
  private bySymbol: Map<LanguageSymbol, Occurrence[]> | undefined;
  private readonly keywords = new Map<string, KeywordSpec>();

  constructor(
    private readonly binder: Binder,
    private readonly lines: LineIndex,
    spec: LanguageSpec,
    private readonly tree: SyntaxNode,
    private readonly commentPatterns: readonly RegExp[],
  ) {
    // In document order: the binder sorts them when it resolves.
    this.occurrences = binder.occurrences;
    for (const k of spec.keywords.values()) {
      const key = binder.fold(k.custom);
      if (!this.keywords.has(key)) this.keywords.set(key, k);
    }
  }

  /** Every symbol the program declares, in document order. */
  get declared(): readonly LanguageSymbol[] {
    return this.binder.declared;
  }

  /** What the language provides: configured functions and predeclared types. */
  get languageSymbols(): readonly LanguageSymbol[] {
    return [...this.binder.language.symbols.values()];
  }

  /** Each keyword once, as the config spells it, with its hover text. */
  get keywordHovers(): readonly { readonly keyword: KeywordSpec; readonly markdown: string }[] {
    return [...this.keywords.values()].map((keyword) => ({ keyword, markdown: keywordHover(keyword) }));
  }

  /** The hover text of a symbol, as hover() shows it at any of its names. */
  hoverOf(symbol: LanguageSymbol): string {
    return symbolHover(symbol, this.occurrencesOf(symbol), this.lines);
  }

  /** Every name in the text that names something (resolved or not), in document order. */
  get allOccurrences(): readonly Occurrence[] {
    return this.occurrences;
  }

  range(span: Span): Range {
    return this.lines.range(span.from, span.to);
  }

  /** The name at a position: the cursor may be anywhere in it or right after it. */
  occurrenceAt(position: Position): Occurrence | undefined {
    const offset = this.lines.offset(position);
    let lo = 0;
    let hi = this.occurrences.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = this.occurrences[mid] as Occurrence;
      if (o.to < offset) lo = mid + 1;
      else if (o.from > offset) hi = mid - 1;
      else return o;
    }
    return undefined;
  }

  symbolAt(position: Position): LanguageSymbol | undefined {
    return this.occurrenceAt(position)?.symbol;
  }

  /** Where the name at `position` is declared; undefined for built-ins, which have no place in the text. */
  definition(position: Position): Range | undefined {
    const span = this.symbolAt(position)?.nameSpan;
    return span ? this.range(span) : undefined;
  }

  /** Every place the symbol at `position` is named, in document order. */
  references(position: Position, includeDeclaration = true): Reference[] {
    const symbol = this.symbolAt(position);
    if (!symbol) return [];
    return this.occurrencesOf(symbol)
      .filter((o) => includeDeclaration || o.role !== 'declaration')
      .map((o) => ({ range: this.range(o), role: o.role }));
  }

  occurrencesOf(symbol: LanguageSymbol): readonly Occurrence[] {
    if (!this.bySymbol) {
      this.bySymbol = new Map();
      for (const o of this.occurrences) {
        if (!o.symbol) continue;
        const list = this.bySymbol.get(o.symbol);
        if (list) list.push(o);
        else this.bySymbol.set(o.symbol, [o]);
      }
    }
    return this.bySymbol.get(symbol) ?? [];
  }

  hover(position: Position): Hover | undefined {
    const occurrence = this.occurrenceAt(position);
    if (occurrence?.symbol) {
      return {
        range: this.range(occurrence),
        markdown: symbolHover(occurrence.symbol, this.occurrencesOf(occurrence.symbol), this.lines),
      };
    }
    if (occurrence) return undefined;
    const word = this.wordAt(this.lines.offset(position));
    if (!word || this.inCommentOrString(word.from)) return undefined;
    const key = this.binder.fold(this.binder.nameOf(word));
    const keyword = this.keywords.get(key);
    if (keyword) return { range: this.range(word), markdown: keywordHover(keyword) };
    // A config grammar spells commands as literals (`'FORWARD' expr`); the config may describe them as functions.
    const builtin = this.binder.language.symbols.get(key);
    return builtin ? { range: this.range(word), markdown: symbolHover(builtin, [], this.lines) } : undefined;
  }

  /** The outline: routines hold their locals, records their fields, the program everything else. */
  documentSymbols(): DocumentSymbol[] {
    const roots: DocumentSymbol[] = [];
    const entries = new Map<LanguageSymbol, DocumentSymbol>();
    const program = this.binder.declared.find((s) => s.kind === 'program');
    const sorted = [...this.binder.declared].sort((a, b) => (a.nameSpan?.from ?? 0) - (b.nameSpan?.from ?? 0));
    for (const symbol of sorted) {
      if (symbol.kind === 'parameter' || !symbol.nameSpan) continue;
      // BASIC numbers every line; only the lines something jumps to belong in an outline.
      if (symbol.kind === 'label' && this.occurrencesOf(symbol).length < 2) continue;
      const entry: DocumentSymbol = {
        name: symbol.name,
        kind: symbol.kind,
        range: this.range(symbol.span ?? symbol.nameSpan),
        selectionRange: this.range(symbol.nameSpan),
        children: [],
        ...(symbol.detail !== undefined && { detail: symbol.detail }),
      };
      entries.set(symbol, entry);
      const owner = symbol.scope.owner;
      if (symbol.scope.kind === 'record' && !owner) continue;
      const parent = owner ? entries.get(owner) : symbol !== program && program ? entries.get(program) : undefined;
      (parent?.children ?? roots).push(entry);
    }
    return roots;
  }

  private wordAt(offset: number): Span | undefined {
    const text = this.binder.text;
    const isWord = (c: string | undefined): boolean => c !== undefined && /[\w$]/.test(c);
    let from = offset;
    let to = offset;
    while (from > 0 && isWord(text[from - 1])) from--;
    while (isWord(text[to])) to++;
    return to > from ? { from, to } : undefined;
  }

  private inCommentOrString(offset: number): boolean {
    let node = this.tree;
    for (;;) {
      const child = node.children.find((c) => c.from <= offset && offset < c.to);
      if (!child) break;
      node = child;
    }
    // A built-in or stack tree's comments and strings; `STRING` is a config PEG grammar's string token.
    if (node.type === BuiltinNode.Comment || node.type === BuiltinNode.String || node.type === 'STRING') return true;
    // A config grammar's comments are skipped text, not nodes: match its comment patterns on the line.
    const lineStart = this.binder.text.lastIndexOf('\n', offset - 1) + 1;
    for (let at = lineStart; at <= offset; at++) {
      for (const re of this.commentPatterns) {
        re.lastIndex = at;
        const m = re.exec(this.binder.text);
        if (m && at + m[0].length > offset) return true;
      }
    }
    return false;
  }
}
