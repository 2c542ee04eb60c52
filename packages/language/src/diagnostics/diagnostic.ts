/** A position in a text document: 0-based line and UTF-16 character, as LSP counts them. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** LSP's severities by name; the language server maps them to its numbers. */
export type DiagnosticSeverity = 'error' | 'warning' | 'information' | 'hint';

/**
 * One finding about a config or a program, shaped like an LSP diagnostic so the language
 * server and the CLI pass it on unchanged. `code` is stable: config findings use registered
 * `PC_CONFIG_*` codes (each with a RUNBOOK.md entry), program findings the kebab-case codes
 * listed in this package's README.
 */
export interface Diagnostic {
  readonly range: Range;
  readonly severity: DiagnosticSeverity;
  readonly code: string;
  readonly message: string;
  /** What produced it: `parsercraft-config`, `parsercraft-syntax` or `parsercraft-semantic`. */
  readonly source: string;
  /** Other places that explain this one (the first declaration of a duplicate). */
  readonly related?: readonly RelatedInformation[];
  /** `unnecessary` lets editors fade the text (an unused variable) instead of underlining it. */
  readonly tags?: readonly DiagnosticTag[];
  /** Edits that would resolve it, best first: what an editor offers as quick fixes. */
  readonly fixes?: readonly Fix[];
}

/** One way to resolve a finding: a title for the menu and the edits, all in the same document. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix an editor may apply without asking (VS Code's "auto fix"). */
  readonly preferred?: boolean;
}

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export type DiagnosticTag = 'unnecessary' | 'deprecated';

/** A location in the same document and what it has to do with the diagnostic. */
export interface RelatedInformation {
  readonly range: Range;
  readonly message: string;
}
