/**
 * @parsercraft/language: ParserCraft language configs of every dialect, editor-grade
 * parsing, symbols and diagnostics. See ARCHITECTURE.md ("The language package").
 */
export type {
  Diagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
  Fix,
  Position,
  Range,
  RelatedInformation,
  TextEdit,
} from './diagnostics/diagnostic.js';
export { LineIndex } from './diagnostics/line-index.js';
export { ConfigCodes } from './config/config-codes.js';
export { loadLanguageConfig, parseLanguageConfig } from './language-config.js';
// A config's metadata and vocabulary without building its grammar's parser: what a main thread may afford.
export { readLanguageConfig } from './config/load-config.js';
export type { LoadConfigOptions, LoadedConfig } from './config/load-config.js';
export type {
  Associativity,
  BlockStyle,
  ConfigDialect,
  FunctionSpec,
  KeywordSpec,
  LanguageSpec,
  LexicalSpec,
  OperatorSpec,
  SyntaxSpec,
} from './config/language-spec.js';
export type { PegExpr, PegGrammar, PegRule } from './config/peg-ast.js';
export { analyze, type Analysis, type AnalyzeOptions } from './analyze.js';
export { prebuildParserTables } from './syntax/base/base-parser.js';
export { layoutGrammarDiagnostics } from './syntax/base/layout-problems.js';
export { walkTree, nodeText, type SyntaxNode } from './syntax/syntax-tree.js';
export { BuiltinNode, type BuiltinNodeType } from './syntax/base/builtin-nodes.js';
export { SymbolTable, type DocumentSymbol, type Hover, type Reference } from './semantics/symbol-table.js';
export type {
  LanguageSymbol,
  Occurrence,
  OccurrenceRole,
  Scope,
  ScopeKind,
  SymbolKind,
  Span,
} from './semantics/symbol.js';
export type { LangType } from './semantics/language-types.js';
export { SEMANTIC_CODES, SEMANTIC_SOURCE, type SemanticCode } from './semantics/semantic-codes.js';
export {
  generateC,
  CODEGEN_CODES,
  CODEGEN_SOURCE,
  type GenerateCOptions,
  type GeneratedC,
} from './codegen/generate-c.js';
export { checkProtocols } from './protocols/check-protocols.js';
export { PROTOCOL_CODES, PROTOCOL_SOURCE, type ProtocolCode } from './protocols/protocol-codes.js';
export { scanLexemes, isKeyword, type Lexeme, type LexemeKind } from './editor/lexemes.js';
export { formatText, type FormatOptions } from './editor/format-text.js';
