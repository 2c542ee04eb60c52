import peggy from 'peggy';
import { PEG_TOKENS, type PegExpr } from './peg-ast.js';

/**
 * ParserCraft's PEG notation for one rule's pattern (`statement+ 'END'?`), read by a peggy
 * parser: sequence, `/`, `* + ?`, `& !`, quoted literals, `[classes]`, `.`, groups, rule
 * names and the built-in tokens.
 */
const NOTATION = String.raw`
{{
  function unescape(s) {
    return s.replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
  }
}}
{ const TOKENS = new Set(options.tokens); }
Pattern = _ e:Choice _ { return e; }
Choice = head:Sequence tail:(_ "/" _ @Sequence)* {
  return tail.length === 0 ? head : { kind: 'choice', alternatives: [head, ...tail] };
}
Sequence = head:Prefixed tail:(__ @Prefixed)* {
  return tail.length === 0 ? head : { kind: 'sequence', items: [head, ...tail] };
}
Prefixed = op:[&!] _ expr:Suffixed { return { kind: 'predicate', op, expr }; } / Suffixed
Suffixed = expr:Primary op:$[*+?]? { return op ? { kind: 'repeat', op, expr } : expr; }
Primary = "(" _ @Choice _ ")"
  / value:Literal { return { kind: 'literal', value }; }
  / source:$("[" ("\\" . / [^\]\\])* "]") { return { kind: 'class', source }; }
  / "." { return { kind: 'any' }; }
  / name:$([A-Za-z_][A-Za-z0-9_]*) !(_ "<-") {
      return TOKENS.has(name) ? { kind: 'token', name } : { kind: 'ref', name, offset: location().start.offset };
    }
Literal = "'" chars:$([^'\\] / "\\" .)* "'" { return unescape(chars); }
  / '"' chars:$([^"\\] / "\\" .)* '"' { return unescape(chars); }
_ = [ \t\r\n]*
__ = [ \t\r\n]+ / &[(&!'"[.]
`;

// Built on first use, not at load: most configs have no grammar section, and whoever only
// imports the package (a language server's main thread) should not pay for a parser.
let parser: peggy.Parser | undefined;

export type NotationResult =
  | { readonly ok: true; readonly expr: PegExpr }
  | { readonly ok: false; readonly message: string; readonly from: number; readonly to: number };

export function parsePegPattern(pattern: string): NotationResult {
  parser ??= peggy.generate(NOTATION);
  try {
    return { ok: true, expr: parser.parse(pattern, { tokens: PEG_TOKENS }) as PegExpr };
  } catch (error) {
    if (error instanceof parser.SyntaxError) {
      return { ok: false, message: error.message, from: error.location.start.offset, to: error.location.end.offset };
    }
    throw error;
  }
}
