import type { Lexicon, GrammarConcept } from './lexicon.js';
import { FIXED_TERMS, PUNCTUATION_TERMS } from './punctuation.js';

/**
 * Writes the Lezer grammar of a language from its spec: one of four statement layouts by
 * block style, over one expression grammar whose operators, precedences and associativities
 * come from the config. Tokens all come from the config-driven external tokenizer, so the
 * grammar names terms only: keywords are `kw_<concept>`, operators `op<index>`.
 *
 * Node names (capitalized) are the contract with the symbol pass: Program, ProgramHeader,
 * ConstSection, ConstDecl, VarSection, VarDecl, TypeSection, TypeDecl, TypeName, ArrayType,
 * RecordType, ProtocolType, ImplementsClause, ExtendsClause, MethodDecl, Readonly, Optional, FunctionDecl, ProcedureDecl, ParamList, Param, Block, Body, Assignment,
 * IfStatement, WhileStatement, ForStatement, RepeatStatement, CaseStatement, ReturnStatement,
 * ExpressionStatement, CommandStatement, DimStatement, DimItem, JumpStatement, CallExpr,
 * ArgList, IndexExpr, MemberExpr, BinaryExpr, UnaryExpr, ParenExpr, Boolean, Nil, Identifier,
 * CommandName, LineLabel, Number, String, Comment.
 */
export function writeBaseGrammar(lex: Lexicon): string {
  const kw = (c: GrammarConcept): string | undefined => (lex.has(c) ? `kw_${c}` : undefined);
  const need = (...cs: GrammarConcept[]): boolean => cs.every((c) => lex.has(c));
  const opTerm = (symbol: string): string | undefined => {
    const i = lex.binaryOperators.findIndex((o) => o.symbol === symbol);
    return i === -1 ? undefined : `op${i}`;
  };
  const style = lex.spec.syntax.blockStyle;
  const sepTerm = separatorTerm(lex);
  const out: string[] = [];

  // Expression grammar. Binary operators are read as a flat chain, `operand (op operand)+`,
  // and the conversion to a SyntaxNode tree applies their precedences and associativities
  // (see lezer-to-syntax-tree.ts): written with precedences, Lezer builds a tree as deep as
  // the chain is long, and past a few hundred operators it cuts such trees short with
  // false syntax errors. A chain is a repetition, which Lezer keeps balanced.
  const groups = operatorGroups(lex);
  // Braces layouts whose statements cannot end in a separator token end them where the next
  // token cannot continue the expression: `continued` makes an operator or a suffix after an
  // expression continue it, as JavaScript reads `a\n-b` and `f\n(x)`.
  const unterminated = style === 'braces' && !separatorLexable(lex);
  const continued = unterminated ? '!continued ' : '';
  out.push(`@precedence { else @right, inline @right${unterminated ? ', continued @left, ended @right' : ''} }`);

  const unary = [kw('not'), opTerm('-'), opTerm('+')].filter(Boolean);
  // Calls, indexes and member accesses are a flat chain of suffixes too, for the same reason.
  const atoms = ['Identifier', 'Number', 'String', 'ParenExpr'];
  if (kw('true') || kw('false')) atoms.push('Boolean');
  if (kw('null')) atoms.push('Nil');
  out.push(`atom { ${atoms.join(' | ')} }`);
  out.push(`primary { atom | ${SUFFIX_CHAIN} }`);
  // A `.` that ends statements cannot also reach into a record (`x = a. b = 2` would read
  // both ways): the separator the config chose wins over member access, which it did not.
  const members = !(style !== 'keywords' && sepTerm === 'dot');
  const suffixes = ['ArgList', INDEX_SUFFIX, ...(members ? [MEMBER_SUFFIX] : [])];
  const suffix = suffixes.join(' | ');
  out.push(`${SUFFIX_CHAIN} { atom (${continued ? `${continued}(${suffix})` : suffix})+ }`);
  out.push(`${INDEX_SUFFIX} { lbracket commaSep<expr> rbracket }`);
  if (members) out.push(`${MEMBER_SUFFIX} { dot Identifier }`);
  out.push(`operand { primary${unary.length ? ' | UnaryExpr' : ''} }`);
  out.push(`expr { operand${groups.length ? ` | ${OPERATOR_CHAIN}` : ''} }`);
  out.push('commaSep<content> { content (comma content)* }');
  out.push('ParenExpr { lparen expr rparen }');
  out.push('ArgList { lparen commaSep<expr>? rparen }');
  if (unary.length) out.push(`UnaryExpr { (${unary.join(' | ')}) operand }`);
  if (groups.length) {
    groups.forEach((g, i) => out.push(`${OPERATOR_GROUP}${i} { ${g.terms.join(' | ')} }`));
    const operators = groups.map((_, i) => `${OPERATOR_GROUP}${i}`).join(' | ');
    out.push(`${OPERATOR_CHAIN} { operand (${continued}(${operators}) operand)+ }`);
  }
  const bools = [kw('true'), kw('false')].filter(Boolean);
  if (bools.length) out.push(`Boolean { ${bools.join(' | ')} }`);
  if (kw('null')) out.push(`Nil { kw_null }`);

  // Statements every layout shares.
  const simple = ['Assignment', 'ExpressionStatement'];
  // In braces layouts `let`, `var` and `const` introduce a VarDecl (see braceLayout), so an
  // assignment there starts with its target: `let x = 1` read both ways is an LR conflict.
  const letAssigns = kw('let') && style !== 'braces';
  out.push(`Assignment { ${letAssigns ? 'kw_let? ' : ''}expr assign expr }`);
  out.push('ExpressionStatement { expr }');
  if (kw('return')) {
    simple.push('ReturnStatement');
    out.push(`ReturnStatement { kw_return ${continued ? `(${continued}expr)` : 'expr'}? }`);
  }
  const jumps = [kw('break'), kw('continue')].filter(Boolean);
  const targeted = [kw('goto'), kw('gosub')].filter(Boolean);
  if (jumps.length || targeted.length) {
    simple.push('JumpStatement');
    const alts = [...jumps, ...targeted.map((t) => `${t} (Identifier | Number)`)];
    out.push(`JumpStatement { ${alts.join(' | ')} }`);
  }

  const eq = opTerm('=');
  // Keyword layouts declare constants in CONST sections, braces layouts with VarDecl.
  if ((style === 'lines' || style === 'indentation') && kw('const')) {
    simple.push('ConstDecl');
    out.push('ConstDecl { kw_const Identifier assign expr }');
  }
  switch (style) {
    case 'keywords':
      out.push(...keywordLayout(kw, need, simple, eq));
      break;
    case 'braces':
      out.push(...braceLayout(kw, simple, unterminated ? undefined : sepTerm));
      break;
    case 'lines':
      out.push(...lineLayout(kw, need, simple, sepTerm));
      break;
    case 'indentation':
      out.push(...indentLayout(kw, simple, sepTerm));
      break;
    case 'stack':
      // Stack (Forth) programs are parsed by syntax/stack/; parse-program.ts never comes here.
      break;
  }

  const declared = new Set<string>([...FIXED_TERMS, ...Object.values(PUNCTUATION_TERMS)]);
  for (const c of lex.keywordByConcept.keys()) declared.add(`kw_${c}`);
  lex.binaryOperators.forEach((_, i) => declared.add(`op${i}`));
  if (style === 'indentation') out.push('@context indentation from "parsercraft"');
  out.push(`@skip { space | Comment }`);
  out.push(`@external tokens configTokens from "parsercraft" { ${[...declared].join(', ')} }`);
  return out.join('\n');
}

/** The nodes of a flat chain of call, index and member suffixes; never in a SyntaxNode tree. */
export const SUFFIX_CHAIN = 'SuffixChain';
export const INDEX_SUFFIX = 'IndexSuffix';
export const MEMBER_SUFFIX = 'MemberSuffix';
/** The node a flat chain of binary operators parses to; never in a SyntaxNode tree. */
export const OPERATOR_CHAIN = 'OperatorChain';
/** `OperatorGroup<i>` wraps an operator of `operatorGroups(lex)[i]`; never in a SyntaxNode tree. */
export const OPERATOR_GROUP = 'OperatorGroup';

export interface OperatorGroup {
  readonly precedence: number;
  readonly associativity: 'left' | 'right' | 'none';
  /** The grammar's terms for the group's operators. */
  readonly terms: readonly string[];
}

/**
 * The binary operators by (precedence, associativity), tightest first. and/or/not are
 * keywords in ParserCraft configs; they bind below comparisons unless the operator table
 * says otherwise.
 */
export function operatorGroups(lex: Lexicon): OperatorGroup[] {
  const groups = new Map<
    string,
    { precedence: number; associativity: OperatorGroup['associativity']; terms: string[] }
  >();
  lex.binaryOperators.forEach((o, i) => {
    const associativity = o.associativity === 'right' || o.associativity === 'none' ? o.associativity : 'left';
    const key = `${o.precedence} ${associativity}`;
    const g = groups.get(key) ?? { precedence: o.precedence, associativity, terms: [] };
    g.terms.push(`op${i}`);
    groups.set(key, g);
  });
  const lowest = Math.min(0, ...lex.binaryOperators.map((o) => o.precedence));
  const keywordOperator = (c: GrammarConcept): boolean =>
    lex.has(c) && !lex.wordOperators.has(lex.fold(lex.keywordByConcept.get(c)?.custom ?? ''));
  if (keywordOperator('or')) groups.set('or', { precedence: lowest - 2, associativity: 'left', terms: ['kw_or'] });
  if (keywordOperator('and')) groups.set('and', { precedence: lowest - 1, associativity: 'left', terms: ['kw_and'] });
  return [...groups.values()].sort((a, b) => b.precedence - a.precedence);
}

/**
 * Whether the tokenizer can ever read the statement separator as one: not when there is
 * none, nor when something it tries first takes its text (a comment marker such as
 * assembly's `;`, a string delimiter, a keyword, an operator or the assignment).
 */
function separatorLexable(lex: Lexicon): boolean {
  const sep = lex.spec.lexical.statementSeparator;
  if (!sep) return false;
  const { lineComments, blockComments, stringDelimiters } = lex.spec.lexical;
  const folded = lex.fold(sep);
  const takenBy = [...lineComments, ...blockComments.map(([open]) => open), ...stringDelimiters];
  if (takenBy.some((marker) => marker !== '' && lex.fold(sep).startsWith(lex.fold(marker)))) return false;
  if (/^\w/.test(sep)) return !lex.conceptBySpelling.has(folded) && !lex.wordOperators.has(folded);
  return sep !== lex.spec.syntax.assignmentOperator && !lex.binaryOperators.some((o) => o.symbol === sep);
}

function separatorTerm(lex: Lexicon): string {
  const sep = lex.spec.lexical.statementSeparator;
  return (sep && PUNCTUATION_TERMS[sep]) ?? 'sep';
}

type Kw = (c: GrammarConcept) => string | undefined;
type Need = (...cs: GrammarConcept[]) => boolean;

/** Pascal: declaration sections, then BEGIN ... END, statements separated by `;`. */
function keywordLayout(kw: Kw, need: Need, simple: string[], eq: string | undefined): string[] {
  const out: string[] = [];
  const decls: string[] = [];
  const typeAlts = ['TypeName'];
  out.push('TypeName { Identifier }');
  if (need('array', 'of')) {
    typeAlts.push('ArrayType');
    out.push(
      'ArrayType { kw_array (lbracket commaSep<IndexRange> rbracket)? kw_of typeExpr }',
      'IndexRange { expr dotdot expr }',
    );
  }
  // Protocols and what records say about them (see protocols/): members are fields and
  // method headings, each optionally marked READONLY or OPTIONAL.
  const methods = [
    kw('function') && 'kw_function Identifier ParamList? colon typeExpr',
    kw('procedure') && 'kw_procedure Identifier ParamList?',
  ].filter(Boolean);
  if (methods.length && need('protocol')) out.push(`MethodDecl { ${methods.join(' | ')} }`);
  const modifiers = [kw('readonly') && 'Readonly', kw('optional') && 'Optional'].filter(Boolean) as string[];
  if (kw('readonly')) out.push('Readonly { kw_readonly }');
  if (kw('optional')) out.push('Optional { kw_optional }');
  const memberOf = (mods: string[]): string => {
    const body = methods.length && need('protocol') ? '(VarDecl | MethodDecl)' : 'VarDecl';
    return mods.length ? `(${mods.join(' | ')})* ${body}` : body;
  };
  const members = (mods: string[]): string => `(${memberOf(mods)} (semi (${memberOf(mods)})?)*)?`;
  if (need('record', 'end')) {
    typeAlts.push('RecordType');
    const implementsClause = need('protocol', 'implements') ? 'ImplementsClause? ' : '';
    if (implementsClause) out.push('ImplementsClause { kw_implements commaSep<TypeName> }');
    out.push(
      `RecordType { kw_record ${implementsClause}${members(need('protocol') ? modifiers.filter((m) => m === 'Readonly') : [])} kw_end }`,
    );
  }
  if (need('protocol', 'end')) {
    typeAlts.push('ProtocolType');
    const extendsClause = kw('extends') ? 'ExtendsClause? ' : '';
    if (extendsClause) out.push('ExtendsClause { kw_extends commaSep<TypeName> }');
    out.push(`ProtocolType { kw_protocol ${extendsClause}${members(modifiers)} kw_end }`);
  }
  out.push(`typeExpr { ${typeAlts.join(' | ')} }`);
  out.push('VarDecl { commaSep<Identifier> colon typeExpr }');
  if (kw('const') && eq) {
    decls.push('ConstSection');
    out.push(`ConstSection { kw_const (ConstDecl semi)+ }`, `ConstDecl { Identifier (colon typeExpr)? ${eq} expr }`);
  }
  if (kw('var')) {
    decls.push('VarSection');
    out.push('VarSection { kw_var (VarDecl semi)+ }');
  }
  if (kw('type') && eq) {
    decls.push('TypeSection');
    out.push(`TypeSection { kw_type (TypeDecl semi)+ }`, `TypeDecl { Identifier ${eq} typeExpr }`);
  }
  out.push(
    `ParamList { lparen (Param (semi Param)*)? rparen }`,
    `Param { ${kw('var') ? 'kw_var? ' : ''}commaSep<Identifier> colon typeExpr }`,
  );
  if (kw('function')) {
    decls.push('FunctionDecl');
    out.push(`FunctionDecl { kw_function Identifier ParamList? colon typeExpr semi declaration* Block semi }`);
  }
  if (kw('procedure')) {
    decls.push('ProcedureDecl');
    out.push(`ProcedureDecl { kw_procedure Identifier ParamList? semi declaration* Block semi }`);
  }
  if (decls.length) out.push(`declaration { ${decls.join(' | ')} }`);
  const declarations = decls.length ? 'declaration* ' : '';
  out.push('Block { kw_begin stmtList kw_end }');
  out.push('stmtList { statement? (semi statement?)* }');
  const compound = ['Block'];
  if (need('if', 'then')) {
    compound.push('IfStatement');
    out.push(`IfStatement { kw_if expr kw_then statement? ${kw('else') ? '(!else kw_else statement?)?' : ''} }`);
  }
  if (need('while', 'do')) {
    compound.push('WhileStatement');
    out.push('WhileStatement { kw_while expr kw_do statement? }');
  }
  if (need('for', 'to', 'do')) {
    compound.push('ForStatement');
    out.push(
      `ForStatement { kw_for Identifier assign expr (kw_to${kw('downto') ? ' | kw_downto' : ''}) expr kw_do statement? }`,
    );
  }
  if (need('repeat', 'until')) {
    compound.push('RepeatStatement');
    out.push('RepeatStatement { kw_repeat stmtList kw_until expr }');
  }
  if (need('case', 'of')) {
    compound.push('CaseStatement');
    out.push(
      `CaseStatement { kw_case expr kw_of CaseArm? (semi CaseArm?)* ${kw('else') ? '(kw_else stmtList)? ' : ''}kw_end }`,
      'CaseArm { commaSep<expr> colon statement? }',
    );
  }
  out.push(`statement { ${[...simple, ...compound].join(' | ')} }`);
  const header = kw('program')
    ? 'ProgramHeader { kw_program Identifier (lparen commaSep<Identifier> rparen)? semi }'
    : undefined;
  if (header) out.push(header);
  out.push(`@top Program { ${header ? 'ProgramHeader? ' : ''}${declarations}Block? dot? }`);
  return out;
}

/** C-like: `{ ... }` blocks, simple statements ended by the separator. */
function braceLayout(kw: Kw, simple: string[], sep: string | undefined): string[] {
  const out: string[] = [];
  const compound = ['Block'];
  out.push('Block { lbrace statement* rbrace }');
  out.push(`ParamList { lparen commaSep<Param>? rparen }`, 'Param { Identifier }');
  const decl = [kw('var'), kw('let'), kw('const')].filter(Boolean);
  if (decl.length) {
    simple.push('VarDecl');
    out.push(`VarDecl { (${decl.join(' | ')}) Identifier (assign expr)? }`);
  }
  const fn = kw('function') ?? kw('def');
  if (fn) {
    compound.push('FunctionDecl');
    out.push(`FunctionDecl { ${fn} Identifier ParamList Block }`);
  }
  if (kw('if')) {
    compound.push('IfStatement');
    const elif = kw('elif') ? `(kw_elif expr Block)* ` : '';
    out.push(`IfStatement { kw_if expr Block ${elif}${kw('else') ? '(!else kw_else (Block | IfStatement))?' : ''} }`);
  }
  if (kw('while')) {
    compound.push('WhileStatement');
    out.push('WhileStatement { kw_while expr Block }');
  }
  out.push(
    sep
      ? `statement { (${simple.join(' | ')}) ${sep} | ${compound.join(' | ')} | ${sep} }`
      : `statement { (${simple.join(' | ')}) !ended | ${compound.join(' | ')} }`,
  );
  out.push('@top Program { statement* }');
  return out;
}

/** BASIC: one or more statements per line, blocks closed by their own end keyword. */
function lineLayout(kw: Kw, need: Need, simple: string[], sep: string): string[] {
  const out: string[] = [];
  simple.push('CommandStatement');
  // PRINT separates its items with `;` as well as `,`, and may end with either; a separator
  // that ends statements is not one of them.
  const itemSep = sep === 'semi' ? 'comma' : sep === 'comma' ? 'semi' : '(comma | semi)';
  out.push(`CommandStatement { CommandName (expr (${itemSep} expr?)*)? }`);
  const dim = kw('dim') ?? kw('array');
  if (dim) {
    simple.push('DimStatement');
    // DIM A(3), B(4) lists its arrays with commas, unless commas end statements.
    const items = sep === 'comma' ? 'DimItem' : 'commaSep<DimItem>';
    out.push(`DimStatement { ${dim} ${items} }`, 'DimItem { Identifier ArgList? }');
  }
  const fn = kw('function') ?? kw('def');
  if (fn) {
    simple.push('FunctionDecl');
    out.push(
      `FunctionDecl { ${fn} Identifier ParamList? assign expr }`,
      'ParamList { lparen commaSep<Param>? rparen }',
      'Param { Identifier }',
    );
  }
  const compound: string[] = [];
  out.push('Body { line* }');
  if (need('if', 'then')) {
    compound.push('IfStatement');
    const inlineElse = kw('else') ? ' (!else kw_else inlineStatements)?' : '';
    const blockForm = kw('endif')
      ? ` | kw_if expr kw_then newline Body ${kw('elif') ? '(kw_elif expr kw_then newline Body)* ' : ''}${kw('else') ? '(kw_else newline Body)? ' : ''}kw_endif`
      : '';
    out.push(`IfStatement { kw_if expr kw_then inlineStatements${inlineElse}${blockForm} }`);
  }
  if (need('while', 'wend')) {
    compound.push('WhileStatement');
    out.push('WhileStatement { kw_while expr newline Body kw_wend }');
  }
  if (need('for', 'to', 'next')) {
    compound.push('ForStatement');
    out.push(
      `ForStatement { kw_for Identifier assign expr kw_to expr ${kw('step') ? '(kw_step expr)? ' : ''}newline Body kw_next Identifier? }`,
    );
  }
  out.push(`statement { ${[...simple, ...compound].join(' | ')} }`);
  // The rest of a line belongs to the innermost inline IF, as in every BASIC.
  out.push(`inlineStatements { statement (!inline ${sep} statement?)* }`);
  out.push('line { LineLabel? (newline | inlineStatements newline) }');
  out.push('@top Program { line* }');
  return out;
}

/** Python: a colon, then an indented body. */
function indentLayout(kw: Kw, simple: string[], sep: string): string[] {
  const out: string[] = [];
  const compound: string[] = [];
  out.push('Body { newline indent statement+ dedent }');
  out.push(`ParamList { lparen commaSep<Param>? rparen }`, 'Param { Identifier }');
  const fn = kw('function') ?? kw('def');
  if (fn) {
    compound.push('FunctionDecl');
    out.push(`FunctionDecl { ${fn} Identifier ParamList colon Body }`);
  }
  if (kw('if')) {
    compound.push('IfStatement');
    out.push(
      `IfStatement { kw_if expr colon Body ${kw('elif') ? '(kw_elif expr colon Body)* ' : ''}${kw('else') ? '(kw_else colon Body)?' : ''} }`,
    );
  }
  if (kw('while')) {
    compound.push('WhileStatement');
    out.push('WhileStatement { kw_while expr colon Body }');
  }
  const simpleAlt = `(${simple.join(' | ')})`;
  out.push(
    `statement { ${simpleAlt} ${sep === 'sep' ? '' : `(${sep} ${simpleAlt}?)* `}newline${compound.length ? ` | ${compound.join(' | ')}` : ''} }`,
  );
  out.push('@top Program { (newline | statement)* }');
  return out;
}
