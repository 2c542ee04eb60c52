import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ConfigDocument } from './config-document.js';
import {
  FUNCTION_TYPES,
  GRAMMAR_TYPES,
  KEYWORD_TYPES,
  METADATA_TYPES,
  OPERATOR_TYPES,
  PARSING_CONFIG_TYPES,
  PARSING_TYPES,
  RUNTIME_TYPES,
  SYNTAX_OPTIONS_TYPES,
  SYNTAX_TYPES,
  TOP_LEVEL_TYPES,
  type KeyTypes,
  type ValueKind,
} from './known-keys.js';

/**
 * Type-checks every known key of a config, read or not (an attack session: a
 * `block_end_required: "yes"` loaded with no finding). Runs after normalization: a value the
 * normalizers read was reported there, with their wording, and ConfigDocument reports each
 * node's wrong type once.
 */
export function checkKeyTypes(doc: ConfigDocument, root: Node | null): void {
  if (!isMap(root)) return;
  const sections = checkSection(doc, root, TOP_LEVEL_TYPES, '');
  const sectionTypes: [string, KeyTypes][] = [
    ['metadata', METADATA_TYPES],
    ['syntax_options', SYNTAX_OPTIONS_TYPES],
    ['parsing_config', PARSING_CONFIG_TYPES],
    ['parsing', PARSING_TYPES],
    ['syntax', SYNTAX_TYPES],
    ['runtime', RUNTIME_TYPES],
    ['grammar', GRAMMAR_TYPES],
  ];
  for (const [key, types] of sectionTypes) checkSection(doc, sections.get(key) ?? null, types, key);
  for (const section of ['functions', 'builtin_functions']) {
    for (const [key, value] of entries(sections.get(section) ?? null))
      checkSection(doc, value, FUNCTION_TYPES, `${section}.${key}`);
  }
  for (const [key, value] of entries(sections.get('keywords') ?? null))
    checkSection(doc, value, KEYWORD_TYPES, `keywords.${key}`);
  const operators = sections.get('operators') ?? null;
  if (isSeq(operators))
    for (const item of operators.items as Node[]) checkSection(doc, item, OPERATOR_TYPES, 'operators[]');
  else for (const [key, value] of entries(operators)) checkSection(doc, value, OPERATOR_TYPES, `operators.${key}`);
}

/** Checks the known keys of one mapping (unknown ones were reported already) and returns its values by key. */
function checkSection(
  doc: ConfigDocument,
  node: Node | null,
  types: KeyTypes,
  where: string,
): Map<string, Node | null> {
  const values = new Map(entries(node));
  for (const [key, value] of values) {
    const kinds = types[key];
    if (kinds === undefined || doc.isAbsent(value)) continue;
    const what = where === '' ? key : `${where}.${key}`;
    if (typeof kinds === 'string') checkOne(doc, value, kinds, what);
    else if (!kinds.some((kind) => isKind(value, kind))) doc.wrongType(value, what, kinds.map(article).join(' or '));
  }
  return values;
}

function checkOne(doc: ConfigDocument, value: Node | null, kind: ValueKind, what: string): void {
  // The readers' own checks, for their wording (`"yes"`: write true).
  if (kind === 'string') doc.string(value, what);
  else if (kind === 'number') doc.number(value, what);
  else if (kind === 'boolean') doc.boolean(value, what);
  else if (kind === 'list') doc.list(value, what);
  else if (kind === 'strings') doc.list(value, what)?.forEach((item, i) => doc.string(item, `${what}[${i}]`));
  // A section that is not a mapping was reported as PC_CONFIG_NOT_A_MAPPING where it is read.
}

function isKind(value: Node | null, kind: ValueKind): boolean {
  if (kind === 'list' || kind === 'strings') return isSeq(value);
  if (kind === 'mapping') return isMap(value);
  return isScalar(value) && typeof value.value === kind;
}

const article = (kind: ValueKind): string => (kind === 'strings' ? 'a list of strings' : `a ${kind}`);

/** The entries of a mapping, without reporting anything when `node` is not one. */
function entries(node: Node | null): [string, Node | null][] {
  if (!isMap(node)) return [];
  return node.items.map((pair) => [
    isScalar(pair.key) ? String(pair.key.value) : String(pair.key),
    (pair.value ?? null) as Node | null,
  ]);
}
