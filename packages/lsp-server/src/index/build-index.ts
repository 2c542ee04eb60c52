import {
  scanLexemes,
  type Analysis,
  type LanguageSpec,
  type LanguageSymbol,
  type LexemeKind,
  type Occurrence,
  type Scope,
} from '@parsercraft/language';
import { modifierBits, tokenType, type TokenModifier, type TokenType } from '../protocol/semantic-token-legend.js';
import {
  OCCURRENCE_STRIDE,
  ROLES,
  type DocumentIndex,
  type IndexedScope,
  type IndexedSymbol,
} from './document-index.js';

const LEXEME_TOKENS: Readonly<Record<Exclude<LexemeKind, 'word'>, TokenType>> = {
  comment: 'comment',
  string: 'string',
  number: 'number',
  keyword: 'keyword',
  operator: 'operator',
};

/** Builds the plain-data index of one analysis, in the worker that made it. */
export function buildIndex(
  uri: string,
  version: number,
  spec: LanguageSpec,
  analysis: Analysis,
  text: string,
): DocumentIndex {
  const table = analysis.symbols;
  const symbolIds = new Map<LanguageSymbol, number>();
  const scopeIds = new Map<Scope, number>();
  const scopes: IndexedScope[] = [];
  const ordered: LanguageSymbol[] = [...table.declared, ...table.languageSymbols];
  ordered.forEach((s, i) => symbolIds.set(s, i));

  const scopeId = (scope: Scope): number => {
    const known = scopeIds.get(scope);
    if (known !== undefined) return known;
    const parent = scope.parent ? scopeId(scope.parent) : -1;
    const span = scope.owner?.span;
    const id = scopes.push({ kind: scope.kind, parent, from: span?.from ?? 0, to: span?.to ?? text.length }) - 1;
    scopeIds.set(scope, id);
    return id;
  };
  const idOf = (s: LanguageSymbol | undefined): number => (s ? (symbolIds.get(s) ?? -1) : -1);

  const symbols = ordered.map((s): IndexedSymbol => {
    const t = s.type;
    const typeDecl = t.kind === 'record' || t.kind === 'protocol' ? t.symbol : undefined;
    const members =
      s.kind === 'type' && typeDecl === s
        ? membersOf(s)
            .map(idOf)
            .filter((id) => id >= 0)
        : undefined;
    return {
      name: s.name,
      kind: s.kind,
      nameFrom: s.nameSpan?.from ?? -1,
      nameTo: s.nameSpan?.to ?? -1,
      scope: scopeId(s.scope),
      hover: table.hoverOf(s),
      typeSymbol: idOf(typeDecl),
      ...(s.detail !== undefined && { detail: s.detail }),
      ...(t.kind !== 'unknown' && { typeText: t.display }),
      ...(members && { members, shape: t.kind as 'record' | 'protocol' }),
      ...(s.params && { params: s.params.map(idOf) }),
      ...(s.builtin && {
        minArgs: s.builtin.minArgs,
        maxArgs: Number.isFinite(s.builtin.maxArgs) ? s.builtin.maxArgs : -1,
      }),
      ...(s.builtin?.description && { description: s.builtin.description }),
      ...(s.byReference && { byReference: true }),
      ...(s.readonly && { readonly: true }),
      ...(s.optional && { optional: true }),
    };
  });

  const found = table.allOccurrences;
  const occurrences = new Int32Array(found.length * OCCURRENCE_STRIDE);
  found.forEach((o, i) => {
    occurrences.set([o.from, o.to, idOf(o.symbol), ROLES.indexOf(o.role)], i * OCCURRENCE_STRIDE);
  });

  return {
    uri,
    version,
    caseSensitive: spec.lexical.caseSensitive,
    ...lineLayout(text),
    symbols,
    scopes,
    occurrences,
    tokens: semanticTokens(spec, text, found, table.languageSymbols, spec.lexical.caseSensitive),
    outline: table.documentSymbols(),
    keywords: table.keywordHovers.map(({ keyword, markdown }) => ({ spelling: keyword.custom, hover: markdown })),
    separator: spec.lexical.statementSeparator,
  };
}

/** A record's or protocol's members, then what its EXTENDS bases add (first declaration wins). */
function membersOf(type: LanguageSymbol, seen = new Set<LanguageSymbol>()): LanguageSymbol[] {
  return [...memberMap(type, seen).values()];
}

/** Members by folded name: the scope's own keys, so case folding is the language's. */
function memberMap(type: LanguageSymbol, seen: Set<LanguageSymbol>): Map<string, LanguageSymbol> {
  seen.add(type);
  const members = new Map(type.body?.symbols ?? []);
  const t = type.type;
  if (t.kind !== 'protocol') return members;
  for (const base of t.bases) {
    const b = base.symbol;
    if (!b || seen.has(b)) continue;
    for (const [key, m] of memberMap(b, seen)) if (!members.has(key)) members.set(key, m);
  }
  return members;
}

/**
 * Each line's first offset and where its content ends (before its line break), counting
 * `\r\n`, `\n` and a lone `\r` as one break each, as LSP 3.17 and the client's
 * TextDocument do.
 */
function lineLayout(text: string): { lineStarts: Int32Array; lineEnds: Int32Array } {
  const starts = [0];
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    ends.push(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    starts.push(i + 1);
  }
  ends.push(text.length);
  return { lineStarts: Int32Array.from(starts), lineEnds: Int32Array.from(ends) };
}

/**
 * Comments, strings, numbers, keywords and operators from the lexeme scan; names from the
 * analysis, typed by what they resolve to; unresolved words that name a configured function
 * (a config grammar's commands) as library functions. In document order.
 */
function semanticTokens(
  spec: LanguageSpec,
  text: string,
  occurrences: readonly Occurrence[],
  language: readonly LanguageSymbol[],
  caseSensitive: boolean,
): Int32Array {
  const fold = (s: string): string => (caseSensitive ? s : s.toLowerCase());
  const library = new Map(language.map((s) => [fold(s.name), s]));
  const out: number[] = [];
  let next = 0;
  for (const lexeme of scanLexemes(spec, text)) {
    if (lexeme.kind !== 'word') {
      out.push(lexeme.from, lexeme.to, tokenType(LEXEME_TOKENS[lexeme.kind]), 0);
      continue;
    }
    while (next < occurrences.length && (occurrences[next] as Occurrence).from < lexeme.from) next++;
    const o = occurrences[next];
    const symbol = o && o.from === lexeme.from ? o.symbol : library.get(fold(text.slice(lexeme.from, lexeme.to)));
    if (!symbol) continue;
    const [type, ...modifiers] = classify(symbol);
    const role = o && o.from === lexeme.from ? o.role : undefined;
    if (role === 'declaration') modifiers.push('declaration');
    if (role === 'write') modifiers.push('modification');
    out.push(lexeme.from, lexeme.to, tokenType(type), modifierBits(...modifiers));
  }
  return Int32Array.from(out);
}

function classify(s: LanguageSymbol): [TokenType, ...TokenModifier[]] {
  switch (s.kind) {
    case 'program':
      return ['namespace'];
    case 'function':
    case 'procedure':
      return ['function'];
    case 'builtin-function':
      return ['function', 'defaultLibrary'];
    case 'builtin-type':
      return ['type', 'defaultLibrary'];
    case 'parameter':
      return ['parameter'];
    case 'variable':
      return ['variable'];
    case 'constant':
      return ['variable', 'readonly'];
    case 'field':
      return s.readonly ? ['property', 'readonly'] : ['property'];
    case 'label':
      return ['label'];
    case 'type':
      return [s.type.kind === 'record' ? 'struct' : s.type.kind === 'protocol' ? 'interface' : 'type'];
  }
}
