import type { Lexicon, GrammarConcept } from './lexicon.js';
import { BuiltinNode, OPERATOR_GROUP_PREFIX, type BuiltinNodeType } from './builtin-nodes.js';
import { FIXED_TERMS, PUNCTUATION_TERMS } from './punctuation.js';

/**
 * Writes the Lezer grammar of a language from its spec: one of four statement layouts by
 * block style, over one expression grammar whose operators, precedences and associativities
 * come from the config. Tokens all come from the config-driven external tokenizer, so the
 * grammar names terms only: keywords are `kw_<concept>`, operators `op<index>`.
 *
 * Node names (capitalized) are the contract with the passes over the tree: each is spelled
 * once, in `BuiltinNode` (builtin-nodes.ts).
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
  const atoms: BuiltinNodeType[] = [
    BuiltinNode.Identifier,
    BuiltinNode.Number,
    BuiltinNode.String,
    BuiltinNode.ParenExpr,
  ];
  if (kw('true') || kw('false')) atoms.push(BuiltinNode.Boolean);
  if (kw('null')) atoms.push(BuiltinNode.Nil);
  // Python's and C-like `[a, b]`; Pascal reads brackets as array bounds, BASIC not at all.
  const lists = style === 'indentation' || style === 'braces';
  if (lists) atoms.push(BuiltinNode.ListExpr);
  // Pascal's set literals, `[1, 3..5, c]`.
  const sets = style === 'keywords';
  if (sets) atoms.push(BuiltinNode.SetLiteral);
  out.push(`atom { ${atoms.join(' | ')} }`);
  out.push(`primary { atom | ${BuiltinNode.SuffixChain} }`);
  // A `.` that ends statements cannot also reach into a record (`x = a. b = 2` would read
  // both ways): the separator the config chose wins over member access, which it did not.
  const members = !(style !== 'keywords' && sepTerm === 'dot');
  const suffixes = [BuiltinNode.ArgList, BuiltinNode.IndexSuffix, ...(members ? [BuiltinNode.MemberSuffix] : [])];
  const suffix = suffixes.join(' | ');
  out.push(`${BuiltinNode.SuffixChain} { atom (${continued ? `${continued}(${suffix})` : suffix})+ }`);
  out.push(`${BuiltinNode.IndexSuffix} { lbracket commaSep<expr> rbracket }`);
  if (members) out.push(`${BuiltinNode.MemberSuffix} { dot ${BuiltinNode.Identifier} }`);
  out.push(`operand { primary${unary.length ? ` | ${BuiltinNode.UnaryExpr}` : ''} }`);
  out.push(`expr { operand${groups.length ? ` | ${BuiltinNode.OperatorChain}` : ''} }`);
  out.push('commaSep<content> { content (comma content)* }');
  out.push(`${BuiltinNode.ParenExpr} { lparen expr rparen }`);
  // Pascal's Write(x:8:3): a width and a precision after an argument (the checker allows
  // them in Write and WriteLn only).
  const formatted = style === 'keywords';
  out.push(`${BuiltinNode.ArgList} { lparen commaSep<${formatted ? 'argument' : 'expr'}>? rparen }`);
  if (formatted)
    out.push(
      `argument { expr | ${BuiltinNode.FormattedArg} }`,
      `${BuiltinNode.FormattedArg} { expr colon expr (colon expr)? }`,
    );
  if (lists) out.push(`${BuiltinNode.ListExpr} { lbracket commaSep<expr>? rbracket }`);
  if (sets)
    out.push(
      `${BuiltinNode.SetLiteral} { lbracket commaSep<setElement>? rbracket }`,
      `setElement { expr | ${BuiltinNode.SetRange} }`,
      `${BuiltinNode.SetRange} { expr dotdot expr }`,
    );
  if (unary.length) out.push(`${BuiltinNode.UnaryExpr} { (${unary.join(' | ')}) operand }`);
  if (groups.length) {
    groups.forEach((g, i) => out.push(`${OPERATOR_GROUP_PREFIX}${i} { ${g.terms.join(' | ')} }`));
    const operators = groups.map((_, i) => `${OPERATOR_GROUP_PREFIX}${i}`).join(' | ');
    out.push(`${BuiltinNode.OperatorChain} { operand (${continued}(${operators}) operand)+ }`);
  }
  const bools = [kw('true'), kw('false')].filter(Boolean);
  if (bools.length) out.push(`${BuiltinNode.Boolean} { ${bools.join(' | ')} }`);
  if (kw('null')) out.push(`${BuiltinNode.Nil} { kw_null }`);

  // Statements every layout shares.
  const simple: BuiltinNodeType[] = [BuiltinNode.Assignment, BuiltinNode.ExpressionStatement];
  // In braces layouts `let`, `var` and `const` introduce a VarDecl (see braceLayout), so an
  // assignment there starts with its target: `let x = 1` read both ways is an LR conflict.
  const letAssigns = kw('let') && style !== 'braces';
  out.push(`${BuiltinNode.Assignment} { ${letAssigns ? 'kw_let? ' : ''}expr assign expr }`);
  out.push(`${BuiltinNode.ExpressionStatement} { expr }`);
  if (kw('return')) {
    simple.push(BuiltinNode.ReturnStatement);
    out.push(`${BuiltinNode.ReturnStatement} { kw_return ${continued ? `(${continued}expr)` : 'expr'}? }`);
  }
  const jumps = [kw('break'), kw('continue')].filter(Boolean);
  const targeted = [kw('goto'), kw('gosub')].filter(Boolean);
  if (jumps.length || targeted.length) {
    simple.push(BuiltinNode.JumpStatement);
    const alts = [...jumps, ...targeted.map((t) => `${t} (${BuiltinNode.Identifier} | ${BuiltinNode.Number})`)];
    out.push(`${BuiltinNode.JumpStatement} { ${alts.join(' | ')} }`);
  }

  const eq = opTerm('=');
  // Keyword layouts declare constants in CONST sections, braces layouts with VarDecl.
  if ((style === 'lines' || style === 'indentation') && kw('const')) {
    simple.push(BuiltinNode.ConstDecl);
    out.push(`${BuiltinNode.ConstDecl} { kw_const ${BuiltinNode.Identifier} assign expr }`);
  }
  switch (style) {
    case 'keywords':
      out.push(...keywordLayout(kw, need, simple, eq, unary.length > 0));
      break;
    case 'braces':
      out.push(...braceLayout(kw, simple, unterminated ? undefined : sepTerm));
      break;
    case 'lines':
      out.push(...lineLayout(kw, need, simple, sepTerm));
      break;
    case 'indentation':
      out.push(...indentLayout(kw, simple, sepTerm, members));
      break;
    case 'stack':
      // Stack (Forth) programs are parsed by syntax/stack/; parse-program.ts never comes here.
      break;
  }

  const declared = new Set<string>([...FIXED_TERMS, ...Object.values(PUNCTUATION_TERMS)]);
  for (const c of lex.keywordByConcept.keys()) declared.add(`kw_${c}`);
  lex.binaryOperators.forEach((_, i) => declared.add(`op${i}`));
  if (style === 'indentation') out.push('@context indentation from "parsercraft"');
  out.push(`@skip { space | ${BuiltinNode.Comment} }`);
  out.push(`@external tokens configTokens from "parsercraft" { ${[...declared].join(', ')} }`);
  return out.join('\n');
}

export interface OperatorGroup {
  readonly precedence: number;
  readonly associativity: 'left' | 'right' | 'none';
  /** The grammar's terms for the group's operators. */
  readonly terms: readonly string[];
}

/**
 * The binary operators by (precedence, associativity), tightest first. and/or/not are
 * keywords in ParserCraft configs; they bind below comparisons unless the operator table
 * says otherwise, except in the keywords layout, where AND binds as `*` and OR as `+` do,
 * as in Pascal (when the config has those, left-associative).
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
  // Pascal's AND is a multiplying operator and OR an adding one, so both bind tighter than
  // comparisons (`a > 0 AND b > 0` is `a > (0 AND b) > 0`, a type error in Free Pascal too).
  const pascal = lex.spec.syntax.blockStyle === 'keywords';
  const joinLevelOf = (symbol: string, term: string): boolean => {
    const level = [...groups.values()].find(
      (g) => g.associativity === 'left' && g.terms.includes(opTermOf(lex, symbol)),
    );
    if (!pascal || !level) return false;
    level.terms.push(term);
    return true;
  };
  // Pascal's `x IN s` is a relational operator, as `=` is.
  if (pascal && lex.has('in')) joinLevelOf('=', 'kw_in');
  if (keywordOperator('or') && !joinLevelOf('+', 'kw_or'))
    groups.set('or', { precedence: lowest - 2, associativity: 'left', terms: ['kw_or'] });
  if (keywordOperator('and') && !joinLevelOf('*', 'kw_and'))
    groups.set('and', { precedence: lowest - 1, associativity: 'left', terms: ['kw_and'] });
  return [...groups.values()].sort((a, b) => b.precedence - a.precedence);
}

function opTermOf(lex: Lexicon, symbol: string): string {
  return `op${lex.binaryOperators.findIndex((o) => o.symbol === symbol)}`;
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
function keywordLayout(
  kw: Kw,
  need: Need,
  simple: BuiltinNodeType[],
  eq: string | undefined,
  signed: boolean,
): string[] {
  const out: string[] = [];
  const decls: BuiltinNodeType[] = [];
  const typeAlts: BuiltinNodeType[] = [BuiltinNode.TypeName];
  out.push(`${BuiltinNode.TypeName} { ${BuiltinNode.Identifier} }`);
  // `SET OF T`: SET is read as a name before OF, where no type name can stand, so a config
  // need not spell it; the binder checks the word. A subrange `0..9` is a type of its own.
  if (kw('of')) {
    typeAlts.push(BuiltinNode.SetType);
    out.push(`${BuiltinNode.SetType} { ${BuiltinNode.Identifier} kw_of typeExpr }`);
  }
  // Bounds are names, literals or signed ones: a bracket there would read as an enumeration.
  typeAlts.push(BuiltinNode.SubrangeType, BuiltinNode.EnumType);
  out.push(
    `${BuiltinNode.SubrangeType} { rangeBound dotdot rangeBound }`,
    `rangeBound { ${BuiltinNode.Identifier} | ${BuiltinNode.Number} | ${BuiltinNode.String}${signed ? ` | ${BuiltinNode.UnaryExpr}` : ''} }`,
    `${BuiltinNode.EnumType} { lparen commaSep<${BuiltinNode.Identifier}> rparen }`,
  );
  if (need('array', 'of')) {
    typeAlts.push(BuiltinNode.ArrayType);
    out.push(
      // An index is a range or an ordinal type's name (`ARRAY [Color] OF`).
      `${BuiltinNode.ArrayType} { kw_array (lbracket commaSep<${BuiltinNode.IndexRange} | ${BuiltinNode.TypeName}> rbracket)? kw_of typeExpr }`,
      `${BuiltinNode.IndexRange} { expr dotdot expr }`,
    );
  }
  // Protocols and what records say about them (see protocols/): members are fields and
  // method headings, each optionally marked READONLY or OPTIONAL.
  const methods = [
    kw('function') && `kw_function ${BuiltinNode.Identifier} ${BuiltinNode.ParamList}? colon typeExpr`,
    kw('procedure') && `kw_procedure ${BuiltinNode.Identifier} ${BuiltinNode.ParamList}?`,
  ].filter(Boolean);
  if (methods.length && need('protocol')) out.push(`${BuiltinNode.MethodDecl} { ${methods.join(' | ')} }`);
  const modifiers: BuiltinNodeType[] = [];
  if (kw('readonly')) {
    modifiers.push(BuiltinNode.Readonly);
    out.push(`${BuiltinNode.Readonly} { kw_readonly }`);
  }
  if (kw('optional')) {
    modifiers.push(BuiltinNode.Optional);
    out.push(`${BuiltinNode.Optional} { kw_optional }`);
  }
  const memberOf = (mods: string[]): string => {
    const body =
      methods.length && need('protocol') ? `(${BuiltinNode.VarDecl} | ${BuiltinNode.MethodDecl})` : BuiltinNode.VarDecl;
    return mods.length ? `(${mods.join(' | ')})* ${body}` : body;
  };
  const members = (mods: string[]): string => `(${memberOf(mods)} (semi (${memberOf(mods)})?)*)?`;
  if (need('record', 'end')) {
    typeAlts.push(BuiltinNode.RecordType);
    const implementsClause = need('protocol', 'implements') ? `${BuiltinNode.ImplementsClause}? ` : '';
    if (implementsClause)
      out.push(`${BuiltinNode.ImplementsClause} { kw_implements commaSep<${BuiltinNode.TypeName}> }`);
    out.push(
      `${BuiltinNode.RecordType} { kw_record ${implementsClause}${members(need('protocol') ? modifiers.filter((m) => m === BuiltinNode.Readonly) : [])} kw_end }`,
    );
  }
  if (need('protocol', 'end')) {
    typeAlts.push(BuiltinNode.ProtocolType);
    const extendsClause = kw('extends') ? `${BuiltinNode.ExtendsClause}? ` : '';
    if (extendsClause) out.push(`${BuiltinNode.ExtendsClause} { kw_extends commaSep<${BuiltinNode.TypeName}> }`);
    out.push(`${BuiltinNode.ProtocolType} { kw_protocol ${extendsClause}${members(modifiers)} kw_end }`);
  }
  out.push(`typeExpr { ${typeAlts.join(' | ')} }`);
  out.push(`${BuiltinNode.VarDecl} { commaSep<${BuiltinNode.Identifier}> colon typeExpr }`);
  if (kw('const') && eq) {
    decls.push(BuiltinNode.ConstSection);
    out.push(
      `${BuiltinNode.ConstSection} { kw_const (${BuiltinNode.ConstDecl} semi)+ }`,
      `${BuiltinNode.ConstDecl} { ${BuiltinNode.Identifier} (colon typeExpr)? ${eq} expr }`,
    );
  }
  if (kw('var')) {
    decls.push(BuiltinNode.VarSection);
    out.push(`${BuiltinNode.VarSection} { kw_var (${BuiltinNode.VarDecl} semi)+ }`);
  }
  if (kw('type') && eq) {
    decls.push(BuiltinNode.TypeSection);
    out.push(
      `${BuiltinNode.TypeSection} { kw_type (${BuiltinNode.TypeDecl} semi)+ }`,
      `${BuiltinNode.TypeDecl} { ${BuiltinNode.Identifier} ${eq} typeExpr }`,
    );
  }
  out.push(
    `${BuiltinNode.ParamList} { lparen (${BuiltinNode.Param} (semi ${BuiltinNode.Param})*)? rparen }`,
    `${BuiltinNode.Param} { ${kw('var') ? 'kw_var? ' : ''}commaSep<${BuiltinNode.Identifier}> colon typeExpr }`,
  );
  // A routine's heading may come first alone, `PROCEDURE P(x: INTEGER); FORWARD;`, its body
  // later. FORWARD is a directive, not a reserved word, so the grammar reads a name there
  // (nothing else may follow a heading's `;` but a declaration's keyword or BEGIN) and the
  // binder checks which.
  const routineBody = `(${BuiltinNode.ForwardDirective} semi | declaration* ${BuiltinNode.Block} semi)`;
  if (kw('function') || kw('procedure')) out.push(`${BuiltinNode.ForwardDirective} { ${BuiltinNode.Identifier} }`);
  if (kw('function')) {
    decls.push(BuiltinNode.FunctionDecl);
    out.push(
      `${BuiltinNode.FunctionDecl} { kw_function ${BuiltinNode.Identifier} ${BuiltinNode.ParamList}? colon typeExpr semi ${routineBody} }`,
    );
  }
  if (kw('procedure')) {
    decls.push(BuiltinNode.ProcedureDecl);
    out.push(
      `${BuiltinNode.ProcedureDecl} { kw_procedure ${BuiltinNode.Identifier} ${BuiltinNode.ParamList}? semi ${routineBody} }`,
    );
  }
  // Pascal's `USES Crt, Dos;`: the units a program uses, names of their own.
  const uses = kw('import')
    ? [
        `${BuiltinNode.ImportStatement} { kw_import commaSep<${BuiltinNode.ImportName}> semi }`,
        `${BuiltinNode.ImportName} { ${BuiltinNode.ModulePath} }`,
        `${BuiltinNode.ModulePath} { ${BuiltinNode.Identifier} }`,
      ]
    : [];
  out.push(...uses);
  if (uses.length) decls.unshift(BuiltinNode.ImportStatement);
  if (decls.length) out.push(`declaration { ${decls.join(' | ')} }`);
  const declarations = decls.length ? 'declaration* ' : '';
  out.push(`${BuiltinNode.Block} { kw_begin stmtList kw_end }`);
  out.push('stmtList { statement? (semi statement?)* }');
  const compound: BuiltinNodeType[] = [BuiltinNode.Block];
  if (need('if', 'then')) {
    compound.push(BuiltinNode.IfStatement);
    out.push(
      `${BuiltinNode.IfStatement} { kw_if expr kw_then statement? ${kw('elif') ? `(!else ${BuiltinNode.ElifClause})* ` : ''}${kw('else') ? '(!else kw_else statement?)?' : ''} }`,
      // ELSIF, where the config spells it (Modula's and Ada's; ParserCraft's Pascal does):
      // its own node, so a branch left empty never shifts the others' places.
      ...(kw('elif') ? [`${BuiltinNode.ElifClause} { kw_elif expr kw_then statement? }`] : []),
    );
  }
  if (need('while', 'do')) {
    compound.push(BuiltinNode.WhileStatement);
    out.push(`${BuiltinNode.WhileStatement} { kw_while expr kw_do statement? }`);
  }
  if (need('for', 'to', 'do')) {
    compound.push(BuiltinNode.ForStatement);
    out.push(
      `${BuiltinNode.ForStatement} { kw_for ${BuiltinNode.Identifier} assign expr (kw_to${kw('downto') ? ' | kw_downto' : ''}) expr kw_do statement? }`,
    );
  }
  if (need('with', 'do')) {
    compound.push(BuiltinNode.WithStatement);
    out.push(`${BuiltinNode.WithStatement} { kw_with commaSep<expr> kw_do statement? }`);
  }
  if (need('repeat', 'until')) {
    compound.push(BuiltinNode.RepeatStatement);
    out.push(`${BuiltinNode.RepeatStatement} { kw_repeat stmtList kw_until expr }`);
  }
  if (need('case', 'of')) {
    compound.push(BuiltinNode.CaseStatement);
    out.push(
      `${BuiltinNode.CaseStatement} { kw_case expr kw_of ${BuiltinNode.CaseArm}? (semi ${BuiltinNode.CaseArm}?)* ${kw('else') ? '(kw_else stmtList)? ' : ''}kw_end }`,
      // Labels are constants and ranges of them: `1..5, 7:`.
      `${BuiltinNode.CaseArm} { commaSep<caseLabel> colon statement? }`,
      `caseLabel { expr | ${BuiltinNode.CaseRange} }`,
      `${BuiltinNode.CaseRange} { expr dotdot expr }`,
    );
  }
  out.push(`statement { ${[...simple, ...compound].join(' | ')} }`);
  const header = kw('program')
    ? `${BuiltinNode.ProgramHeader} { kw_program ${BuiltinNode.Identifier} (lparen commaSep<${BuiltinNode.Identifier}> rparen)? semi }`
    : undefined;
  if (header) out.push(header);
  out.push(
    `@top ${BuiltinNode.Program} { ${header ? `${BuiltinNode.ProgramHeader}? ` : ''}${declarations}${BuiltinNode.Block}? dot? }`,
  );
  return out;
}

/** C-like: `{ ... }` blocks, simple statements ended by the separator. */
function braceLayout(kw: Kw, simple: BuiltinNodeType[], sep: string | undefined): string[] {
  const out: string[] = [];
  const compound: BuiltinNodeType[] = [BuiltinNode.Block];
  out.push(`${BuiltinNode.Block} { lbrace statement* rbrace }`);
  out.push(
    `${BuiltinNode.ParamList} { lparen commaSep<${BuiltinNode.Param}>? rparen }`,
    `${BuiltinNode.Param} { ${BuiltinNode.Identifier} }`,
  );
  const rec = kw('let') && kw('rec') ? ` ${kw('rec')}?` : '';
  const decl = [kw('var'), kw('let') && `${kw('let')}${rec}`, kw('const')].filter(Boolean);
  if (decl.length) {
    simple.push(BuiltinNode.VarDecl);
    out.push(`${BuiltinNode.VarDecl} { (${decl.join(' | ')}) ${BuiltinNode.Identifier} (assign expr)? }`);
  }
  const fn = kw('function') ?? kw('def');
  if (fn) {
    compound.push(BuiltinNode.FunctionDecl);
    out.push(
      `${BuiltinNode.FunctionDecl} { ${fn} ${BuiltinNode.Identifier} ${BuiltinNode.ParamList} ${BuiltinNode.Block} }`,
    );
  }
  if (kw('if')) {
    compound.push(BuiltinNode.IfStatement);
    const elif = kw('elif') ? `(kw_elif expr ${BuiltinNode.Block})* ` : '';
    out.push(
      `${BuiltinNode.IfStatement} { kw_if expr ${BuiltinNode.Block} ${elif}${kw('else') ? `(!else kw_else (${BuiltinNode.Block} | ${BuiltinNode.IfStatement}))?` : ''} }`,
    );
  }
  if (kw('while')) {
    compound.push(BuiltinNode.WhileStatement);
    out.push(`${BuiltinNode.WhileStatement} { kw_while expr ${BuiltinNode.Block} }`);
  }
  out.push(
    sep
      ? `statement { (${simple.join(' | ')}) ${sep} | ${compound.join(' | ')} | ${sep} }`
      : `statement { (${simple.join(' | ')}) !ended | ${compound.join(' | ')} }`,
  );
  out.push(`@top ${BuiltinNode.Program} { statement* }`);
  return out;
}

/** BASIC: one or more statements per line, blocks closed by their own end keyword. */
function lineLayout(kw: Kw, need: Need, simple: BuiltinNodeType[], sep: string): string[] {
  const out: string[] = [];
  simple.push(BuiltinNode.CommandStatement);
  // PRINT separates its items with `;` as well as `,`, and may end with either; a separator
  // that ends statements is not one of them.
  const itemSep = sep === 'semi' ? 'comma' : sep === 'comma' ? 'semi' : '(comma | semi)';
  out.push(`${BuiltinNode.CommandStatement} { ${BuiltinNode.CommandName} (expr (${itemSep} expr?)*)? }`);
  const dim = kw('dim') ?? kw('array');
  if (dim) {
    simple.push(BuiltinNode.DimStatement);
    // DIM A(3), B(4) lists its arrays with commas, unless commas end statements.
    const items = sep === 'comma' ? BuiltinNode.DimItem : `commaSep<${BuiltinNode.DimItem}>`;
    out.push(
      `${BuiltinNode.DimStatement} { ${dim} ${items} }`,
      `${BuiltinNode.DimItem} { ${BuiltinNode.Identifier} ${BuiltinNode.ArgList}? }`,
    );
  }
  const fn = kw('function') ?? kw('def');
  if (fn) {
    simple.push(BuiltinNode.FunctionDecl);
    out.push(
      `${BuiltinNode.FunctionDecl} { ${fn} ${BuiltinNode.Identifier} ${BuiltinNode.ParamList}? assign expr }`,
      `${BuiltinNode.ParamList} { lparen commaSep<${BuiltinNode.Param}>? rparen }`,
      `${BuiltinNode.Param} { ${BuiltinNode.Identifier} }`,
    );
  }
  const compound: BuiltinNodeType[] = [];
  out.push(`${BuiltinNode.Body} { line* }`);
  if (need('if', 'then')) {
    compound.push(BuiltinNode.IfStatement);
    const inlineElse = kw('else') ? ' (!else kw_else inlineStatements)?' : '';
    const blockForm = kw('endif')
      ? ` | kw_if expr kw_then newline ${BuiltinNode.Body} ${kw('elif') ? `(${BuiltinNode.BlockEndLabel}? kw_elif expr kw_then newline ${BuiltinNode.Body})* ` : ''}${kw('else') ? `(${BuiltinNode.BlockEndLabel}? kw_else newline ${BuiltinNode.Body})? ` : ''}${BuiltinNode.BlockEndLabel}? kw_endif`
      : '';
    out.push(`${BuiltinNode.IfStatement} { kw_if expr kw_then inlineStatements${inlineElse}${blockForm} }`);
  }
  if (need('while', 'wend')) {
    compound.push(BuiltinNode.WhileStatement);
    out.push(
      `${BuiltinNode.WhileStatement} { kw_while expr newline ${BuiltinNode.Body} ${BuiltinNode.BlockEndLabel}? kw_wend }`,
    );
  }
  if (need('for', 'to', 'next')) {
    compound.push(BuiltinNode.ForStatement);
    out.push(
      `${BuiltinNode.ForStatement} { kw_for ${BuiltinNode.Identifier} assign expr kw_to expr ${kw('step') ? '(kw_step expr)? ' : ''}newline ${BuiltinNode.Body} ${BuiltinNode.BlockEndLabel}? kw_next ${BuiltinNode.Identifier}? }`,
    );
  }
  out.push(`statement { ${[...simple, ...compound].join(' | ')} }`);
  // The rest of a line belongs to the innermost inline IF, as in every BASIC.
  out.push(`inlineStatements { statement (!inline ${sep} statement?)* }`);
  out.push(`line { ${BuiltinNode.LineLabel}? (newline | inlineStatements newline) }`);
  out.push(`@top ${BuiltinNode.Program} { line* }`);
  return out;
}

/** Python: a colon, then an indented body. */
function indentLayout(kw: Kw, simple: BuiltinNodeType[], sep: string, dotted: boolean): string[] {
  const out: string[] = [];
  const compound: BuiltinNodeType[] = [];
  out.push(`${BuiltinNode.Body} { newline indent statement+ dedent }`);
  out.push(
    `${BuiltinNode.ParamList} { lparen commaSep<${BuiltinNode.Param}>? rparen }`,
    `${BuiltinNode.Param} { ${BuiltinNode.Identifier} }`,
  );
  const fn = kw('function') ?? kw('def');
  if (fn) {
    compound.push(BuiltinNode.FunctionDecl);
    out.push(
      `${BuiltinNode.FunctionDecl} { ${fn} ${BuiltinNode.Identifier} ${BuiltinNode.ParamList} colon ${BuiltinNode.Body} }`,
    );
  }
  if (kw('if')) {
    compound.push(BuiltinNode.IfStatement);
    out.push(
      `${BuiltinNode.IfStatement} { kw_if expr colon ${BuiltinNode.Body} ${kw('elif') ? `(kw_elif expr colon ${BuiltinNode.Body})* ` : ''}${kw('else') ? `(kw_else colon ${BuiltinNode.Body})?` : ''} }`,
    );
  }
  if (kw('while')) {
    compound.push(BuiltinNode.WhileStatement);
    out.push(
      `${BuiltinNode.WhileStatement} { kw_while expr colon ${BuiltinNode.Body}${kw('else') ? ` (kw_else colon ${BuiltinNode.Body})?` : ''} }`,
    );
  }
  if (kw('for') && kw('in')) {
    compound.push(BuiltinNode.ForStatement);
    // `for i, j in pairs:` unpacks; Python's loops may end in an `else:` run when no break left them.
    const loopElse = kw('else') ? ` (kw_else colon ${BuiltinNode.Body})?` : '';
    out.push(
      `${BuiltinNode.ForStatement} { kw_for commaSep<${BuiltinNode.Identifier}> kw_in expr colon ${BuiltinNode.Body}${loopElse} }`,
    );
  }
  if (kw('class')) {
    compound.push(BuiltinNode.ClassDecl);
    out.push(
      `${BuiltinNode.ClassDecl} { kw_class ${BuiltinNode.Identifier} ${BuiltinNode.ArgList}? colon ${BuiltinNode.Body} }`,
    );
  }
  if (kw('import')) {
    simple.push(BuiltinNode.ImportStatement);
    const from = kw('from') ? ` | kw_from ${BuiltinNode.ModulePath} kw_import commaSep<${BuiltinNode.ImportName}>` : '';
    out.push(
      `${BuiltinNode.ImportStatement} { kw_import commaSep<${BuiltinNode.ImportName}>${from} }`,
      `${BuiltinNode.ImportName} { ${BuiltinNode.ModulePath}${kw('as') ? ` (kw_as ${BuiltinNode.Identifier})?` : ''} }`,
      // A `.` that ends statements cannot also join a module's path (see `members`).
      `${BuiltinNode.ModulePath} { ${BuiltinNode.Identifier}${dotted ? ` (dot ${BuiltinNode.Identifier})*` : ''} }`,
    );
  }
  const simpleAlt = `(${simple.join(' | ')})`;
  out.push(
    `statement { ${simpleAlt} ${sep === 'sep' ? '' : `(${sep} ${simpleAlt}?)* `}newline${compound.length ? ` | ${compound.join(' | ')}` : ''} }`,
  );
  out.push(`@top ${BuiltinNode.Program} { (newline | statement)* }`);
  return out;
}
