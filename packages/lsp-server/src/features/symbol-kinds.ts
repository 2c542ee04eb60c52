import type { SymbolKind as LanguageSymbolKind } from '@parsercraft/language';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver/node';
import type { IndexedSymbol } from '../index/document-index.js';

/** LSP's outline kind of each ParserCraft symbol kind. */
export const OUTLINE_KINDS: Readonly<Record<LanguageSymbolKind, SymbolKind>> = {
  program: SymbolKind.Module,
  function: SymbolKind.Function,
  procedure: SymbolKind.Function,
  parameter: SymbolKind.Variable,
  variable: SymbolKind.Variable,
  constant: SymbolKind.Constant,
  type: SymbolKind.Struct,
  field: SymbolKind.Field,
  label: SymbolKind.Key,
  'builtin-function': SymbolKind.Function,
  'builtin-type': SymbolKind.Class,
};

/** The completion kind of a symbol: protocols show as interfaces, their routines as methods. */
export function completionKind(s: IndexedSymbol, member = false): CompletionItemKind {
  switch (s.kind) {
    case 'program':
      return CompletionItemKind.Module;
    case 'function':
    case 'procedure':
      return member ? CompletionItemKind.Method : CompletionItemKind.Function;
    case 'builtin-function':
      return CompletionItemKind.Function;
    case 'parameter':
    case 'variable':
      return CompletionItemKind.Variable;
    case 'constant':
      return CompletionItemKind.Constant;
    case 'field':
      return CompletionItemKind.Field;
    case 'label':
      return CompletionItemKind.Reference;
    case 'builtin-type':
      return CompletionItemKind.Class;
    case 'type':
      return s.shape === 'protocol'
        ? CompletionItemKind.Interface
        : s.shape === 'record'
          ? CompletionItemKind.Struct
          : CompletionItemKind.Class;
  }
}
