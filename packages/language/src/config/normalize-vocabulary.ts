import type { Node } from 'yaml';
import { ConfigCodes } from './config-codes.js';
import type { ConfigDocument } from './config-document.js';
import { FUNCTION_KEYS, KEYWORD_KEYS, OPERATOR_KEYS } from './known-keys.js';
import type { Associativity, ConfigDialect, FunctionSpec, KeywordSpec, OperatorSpec } from './language-spec.js';
import { checkSpelling } from './spelling.js';
import type { Range } from '../diagnostics/diagnostic.js';

/** Reports the keys of a mapping that `known` does not list. */
export function reportUnknownKeys(
  doc: ConfigDocument,
  node: Node | null,
  known: ReadonlySet<string>,
  where: string,
): void {
  for (const entry of doc.entries(node, where)) {
    if (!known.has(entry.key)) {
      doc.report(
        ConfigCodes.PC_CONFIG_UNKNOWN_KEY,
        doc.rangeOf(entry.keyNode),
        `Unknown key '${entry.key}' in ${where}; it is ignored.`,
      );
    }
  }
}

/** canonical `{key: {original, custom, ...}}` and flat `{original: "CUSTOM"}` alike. */
export function normalizeKeywords(doc: ConfigDocument, node: Node | null, dialects: Set<ConfigDialect>): KeywordSpec[] {
  const keywords: KeywordSpec[] = [];
  for (const { key, keyNode, value } of doc.entries(node, 'keywords')) {
    if (doc.isMapping(value)) {
      dialects.add('canonical');
      reportUnknownKeys(doc, value, KEYWORD_KEYS, `keyword '${key}'`);
      const fields = new Map(doc.entries(value, `keyword '${key}'`).map((e) => [e.key, e.value]));
      const customNode = fields.get('custom') ?? null;
      const custom = doc.string(customNode, `keywords.${key}.custom`);
      const category = doc.string(fields.get('category') ?? null, `keywords.${key}.category`);
      const description = doc.string(fields.get('description') ?? null, `keywords.${key}.description`);
      const original = doc.string(fields.get('original') ?? null, `keywords.${key}.original`) ?? key;
      if (custom === undefined) {
        // A value of the wrong type was reported by string() already.
        if (doc.isAbsent(customNode))
          doc.wrongType(customNode ?? keyNode, `keywords.${key}.custom`, 'the spelling programs use');
        continue;
      }
      if (!checkSpelling(doc, custom, customNode, `The spelling of keyword '${key}'`)) continue;
      keywords.push({
        concept: key,
        original,
        custom,
        ...(category !== undefined && { category }),
        ...(description !== undefined && { description }),
        origin: 'config',
        range: doc.rangeOf(customNode) ?? doc.rangeOf(keyNode),
      });
    } else {
      dialects.add('flat');
      const custom = doc.string(value, `keywords.${key}`);
      if (custom === undefined) {
        if (doc.isAbsent(value)) doc.wrongType(value ?? keyNode, `keywords.${key}`, 'the spelling programs use');
        continue;
      }
      if (!checkSpelling(doc, custom, value, `The spelling of keyword '${key}'`)) continue;
      keywords.push({ concept: key, original: key, custom, origin: 'config', range: doc.rangeOf(value) });
    }
  }
  return keywords;
}

export function normalizeFunctions(doc: ConfigDocument, node: Node | null, section: string): FunctionSpec[] {
  const functions: FunctionSpec[] = [];
  for (const { key, keyNode, value } of doc.entries(node, section)) {
    const where = `${section}.${key}`;
    reportUnknownKeys(doc, value, FUNCTION_KEYS, `function '${key}'`);
    const fields = new Map(doc.entries(value, where).map((e) => [e.key, e.value]));
    const nameNode = fields.get('name') ?? null;
    const named = doc.string(nameNode, `${where}.name`);
    const name = named ?? key;
    const description = doc.string(fields.get('description') ?? null, `${where}.description`);
    const enabled = doc.boolean(fields.get('enabled') ?? null, `${where}.enabled`) ?? true;
    const [minArgs, maxArgs] = argumentRange(doc, where, fields);
    if (!checkSpelling(doc, name, named === undefined ? keyNode : nameNode, `The name of function '${key}'`)) continue;
    functions.push({
      key,
      name,
      minArgs,
      maxArgs,
      enabled,
      ...(description !== undefined && { description }),
      range: doc.rangeOf(fields.get('name') ?? keyNode),
    });
  }
  return functions;
}

/**
 * `min_args`/`max_args` when given, else `arity` (-1 meaning any number). A bad value is
 * reported where it stands and the widest range is used, so calls are not flagged twice.
 */
function argumentRange(doc: ConfigDocument, where: string, fields: Map<string, Node | null>): [number, number] {
  const read = (field: string): number | undefined => {
    const node = fields.get(field) ?? null;
    const value = doc.number(node, `${where}.${field}`);
    if (value === undefined) return undefined;
    if (!Number.isInteger(value) || value < -1) {
      doc.report(
        ConfigCodes.PC_CONFIG_INVALID_ARITY,
        doc.rangeOf(node),
        `${where}.${field} is ${value}; it must be a whole number, or -1 for any number.`,
      );
      return -1;
    }
    return value;
  };
  const arity = read('arity');
  const min = read('min_args');
  const max = read('max_args');
  let low = min !== undefined ? Math.max(min, 0) : arity !== undefined && arity >= 0 ? arity : 0;
  let high = max !== undefined ? (max === -1 ? Infinity : max) : arity !== undefined && arity >= 0 ? arity : Infinity;
  if (low > high) {
    doc.report(
      ConfigCodes.PC_CONFIG_INVALID_ARITY,
      doc.rangeOf(fields.get('min_args') ?? null),
      `${where}: min_args ${low} is greater than max_args ${high}.`,
    );
    [low, high] = [0, Infinity];
  }
  if (arity !== undefined && arity >= 0 && (min !== undefined || max !== undefined) && (arity < low || arity > high)) {
    doc.report(
      ConfigCodes.PC_CONFIG_INVALID_ARITY,
      doc.rangeOf(fields.get('arity') ?? null),
      `${where}: arity ${arity} lies outside min_args..max_args (${low}..${high === Infinity ? 'any' : high}).`,
    );
  }
  return [low, high];
}

/** A list of `{symbol, ...}` (flat, legacy) or a mapping by symbol (canonical). */
export function normalizeOperators(
  doc: ConfigDocument,
  node: Node | null,
): { operators: OperatorSpec[]; listed: boolean; symbolRanges: Map<OperatorSpec, Range | undefined> } {
  const raw: {
    symbol: string | undefined;
    fields: Map<string, Node | null>;
    at: Node | null;
    symbolNode: Node | null;
  }[] = [];
  const list = doc.items(node);
  if (list) {
    for (const item of list) {
      const fields = new Map(doc.entries(item, 'an operator').map((e) => [e.key, e.value]));
      const symbolNode = fields.get('symbol') ?? null;
      raw.push({
        symbol: doc.string(symbolNode, 'operators[].symbol'),
        fields,
        at: item,
        symbolNode: doc.isAbsent(symbolNode) ? item : symbolNode,
      });
    }
  } else {
    for (const { key, keyNode, value } of doc.entries(node, 'operators')) {
      const fields = new Map(doc.entries(value, `operator '${key}'`).map((e) => [e.key, e.value]));
      const symbolNode = fields.get('symbol') ?? null;
      const symbol = doc.string(symbolNode, `operators.${key}.symbol`);
      raw.push({ symbol: symbol ?? key, fields, at: keyNode, symbolNode: symbol === undefined ? keyNode : symbolNode });
    }
  }
  const operators: OperatorSpec[] = [];
  const seen = new Map<string, OperatorSpec>();
  // Where each symbol is written, for findings about the spelling rather than the whole entry.
  const symbolRanges = new Map<OperatorSpec, Range | undefined>();
  for (const { symbol, fields, at, symbolNode } of raw) {
    reportUnknownKeys(doc, doc.isMapping(at) ? at : null, OPERATOR_KEYS, `operator '${symbol ?? '?'}'`);
    if (symbol === undefined) {
      // A value of the wrong type was reported by string() already.
      if (doc.isAbsent(fields.get('symbol')))
        doc.wrongType(at, 'operators[].symbol', 'the operator as programs spell it');
      continue;
    }
    const enabled = doc.boolean(fields.get('enabled') ?? null, `operator '${symbol}'.enabled`);
    if (!checkSpelling(doc, symbol, symbolNode, 'An operator symbol')) continue;
    if (enabled === false) continue;
    const precedenceNode = fields.get('precedence') ?? null;
    let precedence = doc.number(precedenceNode, `operator '${symbol}'.precedence`);
    // A value of the wrong type (`"5"`) was reported by number() already: one mistake, one finding.
    if (precedence === undefined && !doc.isAbsent(precedenceNode)) precedence = 0;
    if (precedence === undefined || !Number.isInteger(precedence) || precedence < 0 || precedence > 100) {
      doc.report(
        ConfigCodes.PC_CONFIG_INVALID_PRECEDENCE,
        doc.rangeOf(precedenceNode ?? at),
        `Operator '${symbol}' has precedence ${precedence ?? 'missing'}; it must be a whole number from 0 to 100.`,
      );
      precedence = 0;
    }
    const assocNode = fields.get('associativity') ?? null;
    const assocText = doc.string(assocNode, `operator '${symbol}'.associativity`) ?? 'left';
    let associativity: Associativity = 'left';
    if (assocText === 'left' || assocText === 'right' || assocText === 'none') associativity = assocText;
    else
      doc.report(
        ConfigCodes.PC_CONFIG_INVALID_ASSOCIATIVITY,
        doc.rangeOf(assocNode),
        `Operator '${symbol}' has associativity '${assocText}'; it must be left, right or none.`,
      );
    const description = doc.string(fields.get('description') ?? null, `operator '${symbol}'.description`);
    const spec = {
      symbol,
      precedence,
      associativity,
      ...(description !== undefined && { description }),
      range: doc.rangeOf(at),
    } as OperatorSpec;
    const earlier = seen.get(symbol);
    if (earlier) {
      doc.report(
        ConfigCodes.PC_CONFIG_DUPLICATE_OPERATOR,
        spec.range,
        `Operator '${symbol}' is defined twice; the first definition (line ${(earlier.range?.start.line ?? 0) + 1}) is used.`,
      );
      continue;
    }
    seen.set(symbol, spec);
    symbolRanges.set(spec, doc.rangeOf(symbolNode));
    operators.push(spec);
  }
  return { operators, listed: raw.length > 0, symbolRanges };
}
