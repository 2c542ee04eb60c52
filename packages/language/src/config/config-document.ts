import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import { ConfigCodes } from './config-codes.js';
import type { Diagnostic, Range } from '../diagnostics/diagnostic.js';
import { LineIndex } from '../diagnostics/line-index.js';
import { CoreErrorCodes, type ErrorCodeSpec } from '@parsercraft/core/errors';

export const CONFIG_SOURCE = 'parsercraft-config';

/** A finding about a config, located in its file (at the top when there is no better place). */
export function configDiagnostic(
  spec: ErrorCodeSpec,
  range: Range | undefined,
  message: string,
  severity: Diagnostic['severity'] = severityOf(spec),
): Diagnostic {
  return {
    range: range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity,
    code: spec.code,
    message,
    source: CONFIG_SOURCE,
  };
}

export interface Entry {
  readonly key: string;
  readonly keyNode: Node | null;
  readonly value: Node | null;
}

/**
 * A parsed config file that keeps every node's place in the text, so that normalization
 * can report each finding at the line and column it is about. JSON is read by the same
 * YAML 1.2 parser (JSON is a subset), which gives JSON files positions too.
 */
export class ConfigDocument {
  readonly diagnostics: Diagnostic[] = [];
  readonly root: Node | null;
  private readonly lines: LineIndex;
  /** Nodes whose type or shape was reported: each gets one such finding, whoever reads it. */
  private readonly wronglyTyped = new Set<Node>();

  constructor(
    readonly text: string,
    readonly format: 'yaml' | 'json',
  ) {
    this.lines = new LineIndex(text);
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
    const syntax = format === 'json' ? CoreErrorCodes.PC_JSON_SYNTAX : CoreErrorCodes.PC_YAML_SYNTAX;
    for (const error of doc.errors) {
      this.report(syntax, this.lines.range(error.pos[0], error.pos[1]), error.message.split('\n')[0] ?? error.message);
    }
    this.root = doc.errors.length > 0 ? null : doc.contents;
  }

  rangeOf(node: Node | null | undefined): Range | undefined {
    const r = node?.range;
    return r ? this.lines.range(r[0], r[1]) : undefined;
  }

  /** The document range of `[from, to)` within a scalar's value, when the file spells it verbatim. */
  rangeWithin(node: Node | null, from: number, to: number): Range | undefined {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const start = node.range[0] + (quoted ? 1 : 0);
    if (this.text.slice(start, start + node.value.length) !== node.value) return undefined;
    return this.lines.range(start + from, start + to);
  }

  /** `severity` overrides the code's own, for a finding whose weight depends on the rest of the config. */
  report(spec: ErrorCodeSpec, range: Range | undefined, message: string, severity?: Diagnostic['severity']): void {
    this.diagnostics.push(configDiagnostic(spec, range, message, severity));
  }

  /** The entries of a mapping; reports and returns nothing when `node` is not one. */
  entries(node: Node | null, what: string): Entry[] {
    if (node === null || (isScalar(node) && node.value === null)) return [];
    if (!isMap(node)) {
      // Read once for its unknown keys and once for its values, it is still one mistake.
      if (this.wronglyTyped.has(node)) return [];
      this.wronglyTyped.add(node);
      this.report(
        ConfigCodes.PC_CONFIG_NOT_A_MAPPING,
        this.rangeOf(node),
        `${what} must be a mapping of keys to values.`,
      );
      return [];
    }
    return node.items.map((pair: Pair) => {
      const keyNode = pair.key as Node | null;
      return {
        key: isScalar(keyNode) ? String(keyNode.value) : String(keyNode),
        keyNode,
        value: pair.value as Node | null,
      };
    });
  }

  items(node: Node | null): Node[] | undefined {
    return isSeq(node) ? (node.items as Node[]) : undefined;
  }

  /** The items of a list, or `undefined` (reported unless absent or null). */
  list(node: Node | null, what: string): Node[] | undefined {
    if (isSeq(node)) return node.items as Node[];
    if (!this.isAbsent(node)) this.wrongType(node, what, 'a list');
    return undefined;
  }

  isMapping(node: Node | null): boolean {
    return isMap(node);
  }

  /** No value at all: the key is missing, or its value is empty or `null`. */
  isAbsent(node: Node | null | undefined): boolean {
    return node === null || node === undefined || (isScalar(node) && node.value === null);
  }

  scalar(node: Node | null): unknown {
    return isScalar(node) ? node.value : undefined;
  }

  /**
   * A string value, or `undefined` (reported unless absent or null). A number or boolean is
   * not turned into text: `String()` would spell YAML's `1.0` as `1` and `True` as `true`,
   * and a manifest reader (cargo, npm) refuses them too.
   */
  string(node: Node | null, what: string): string | undefined {
    const value = this.scalar(node);
    if (value === undefined || value === null) {
      if (node && !isScalar(node)) this.wrongType(node, what, 'a string');
      return undefined;
    }
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') {
      const written = (isScalar(node) && node.source) || String(value);
      this.wrongType(
        node,
        what,
        `a string, not the ${typeof value} ${written}; put it in quotes ("${written}") if that is the text you mean`,
      );
      return undefined;
    }
    this.wrongType(node, what, 'a string');
    return undefined;
  }

  /** A number value; a number written as a string (`"5"`) is reported, not converted. */
  number(node: Node | null, what: string): number | undefined {
    const value = this.scalar(node);
    if (value === undefined || value === null) {
      if (node && !isScalar(node)) this.wrongType(node, what, 'a number');
      return undefined;
    }
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
      this.wrongType(node, what, `a number, not the string "${value}"; remove the quotes`);
      return undefined;
    }
    this.wrongType(node, what, 'a number');
    return undefined;
  }

  boolean(node: Node | null, what: string): boolean | undefined {
    const value = this.scalar(node);
    if (value === undefined || value === null) {
      if (node && !isScalar(node)) this.wrongType(node, what, 'true or false');
      return undefined;
    }
    if (typeof value === 'boolean') return value;
    // YAML 1.1 and Python spellings are strings to a YAML 1.2 reader: say which word to write.
    const word = typeof value === 'string' ? BOOLEAN_WORDS.get(value.trim().toLowerCase()) : undefined;
    const hint = typeof value === 'string' && word !== undefined ? `, not the string "${value}"; write ${word}` : '';
    this.wrongType(node, what, `true or false${hint}`);
    return undefined;
  }

  /**
   * Each value's wrong type is reported once: readers check what they read, and every known
   * key is checked again afterwards (key-types.ts), which must not repeat the finding.
   */
  wrongType(node: Node | null, what: string, expected: string): void {
    if (node !== null) {
      if (this.wronglyTyped.has(node)) return;
      this.wronglyTyped.add(node);
    }
    this.report(ConfigCodes.PC_CONFIG_WRONG_TYPE, this.rangeOf(node), `${what} must be ${expected}.`);
  }
}

const BOOLEAN_WORDS = new Map([
  ...['true', 'yes', 'y', 'on', '1'].map((w) => [w, 'true'] as const),
  ...['false', 'no', 'n', 'off', '0'].map((w) => [w, 'false'] as const),
]);

function severityOf(spec: ErrorCodeSpec): Diagnostic['severity'] {
  // Keywords spelled alike are merged as ParserCraft merges them (see load-config.ts).
  if (spec === ConfigCodes.PC_CONFIG_UNKNOWN_KEY || spec === ConfigCodes.PC_CONFIG_DUPLICATE_KEYWORD) return 'warning';
  if (spec === ConfigCodes.PC_CONFIG_DEFAULT_APPLIED) return 'information';
  return 'error';
}
