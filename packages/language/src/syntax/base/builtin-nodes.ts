/**
 * The node names of the built-in grammars: base-grammar.ts writes them into every Lezer
 * grammar it generates, and every pass over a built-in tree (binder, type checker, protocol
 * checks, code generation) compares against them, so a name is spelled once. A test builds
 * the parser of every fixture config in every layout and checks that the names its node set
 * has are exactly these (`LEZER_NODES`), so the grammar and its readers cannot drift apart.
 *
 * A config's `grammar:` section (PEG) names its nodes after its own rules: those trees are
 * compared with strings from the config, never with these.
 */
export const BuiltinNode = {
  Program: 'Program',

  // Declarations: Pascal's sections and types, and the routines of every layout.
  ProgramHeader: 'ProgramHeader',
  ConstSection: 'ConstSection',
  ConstDecl: 'ConstDecl',
  VarSection: 'VarSection',
  VarDecl: 'VarDecl',
  TypeSection: 'TypeSection',
  TypeDecl: 'TypeDecl',
  TypeName: 'TypeName',
  ArrayType: 'ArrayType',
  IndexRange: 'IndexRange',
  /** `SET OF T`: the word SET, then the element type. */
  SetType: 'SetType',
  /** A type `low..high` (`0..9`, `'a'..'z'`, `Red..Green`): its two bounds, each a name, literal or signed one. */
  SubrangeType: 'SubrangeType',
  /** `(Red, Green, Blue)`: the names of its values, in order. */
  EnumType: 'EnumType',
  RecordType: 'RecordType',
  ProtocolType: 'ProtocolType',
  ImplementsClause: 'ImplementsClause',
  ExtendsClause: 'ExtendsClause',
  MethodDecl: 'MethodDecl',
  Readonly: 'Readonly',
  Optional: 'Optional',
  FunctionDecl: 'FunctionDecl',
  ProcedureDecl: 'ProcedureDecl',
  /** The name after a routine's heading in place of its body: FORWARD, the body coming later. */
  ForwardDirective: 'ForwardDirective',
  /** Python's `class Name(Bases):` and its indented body. */
  ClassDecl: 'ClassDecl',
  ParamList: 'ParamList',
  Param: 'Param',

  // Statements.
  Block: 'Block',
  Body: 'Body',
  Assignment: 'Assignment',
  IfStatement: 'IfStatement',
  ElifClause: 'ElifClause',
  WhileStatement: 'WhileStatement',
  ForStatement: 'ForStatement',
  RepeatStatement: 'RepeatStatement',
  /** `WITH a, b DO statement`: the records, in order, then the statement (when there is one). */
  WithStatement: 'WithStatement',
  CaseStatement: 'CaseStatement',
  CaseArm: 'CaseArm',
  /** A CASE label `low..high`: its two bounds. */
  CaseRange: 'CaseRange',
  ReturnStatement: 'ReturnStatement',
  ExpressionStatement: 'ExpressionStatement',
  CommandStatement: 'CommandStatement',
  DimStatement: 'DimStatement',
  DimItem: 'DimItem',
  JumpStatement: 'JumpStatement',
  /** `import a.b as c, d` and `from a import b as c`: each ImportName binds one name. */
  ImportStatement: 'ImportStatement',
  ImportName: 'ImportName',
  ModulePath: 'ModulePath',

  // Expressions the grammar parses as such.
  ArgList: 'ArgList',
  /** Pascal's `x:8:3` in an ArgList: the value, its width, and a precision when given. */
  FormattedArg: 'FormattedArg',
  ListExpr: 'ListExpr',
  /** Pascal's `[1, 3..5, c]`: elements and SetRanges, in order. */
  SetLiteral: 'SetLiteral',
  /** `low..high` in a set literal: its two bounds. */
  SetRange: 'SetRange',
  ParenExpr: 'ParenExpr',
  UnaryExpr: 'UnaryExpr',
  Boolean: 'Boolean',
  Nil: 'Nil',

  // Tokens of the config-driven tokenizer (tokenizer.ts).
  Identifier: 'Identifier',
  CommandName: 'CommandName',
  LineLabel: 'LineLabel',
  /** A BASIC line number in front of the word that closes a block (`30 NEXT I`). */
  BlockEndLabel: 'BlockEndLabel',
  Number: 'Number',
  String: 'String',
  Comment: 'Comment',

  /** Lezer's error node, where recovery skipped or inserted something. */
  Error: '⚠',

  // Made by the conversion to a SyntaxNode tree (lezer-to-syntax-tree.ts) out of the chains
  // below; no grammar names them.
  BinaryExpr: 'BinaryExpr',
  CallExpr: 'CallExpr',
  IndexExpr: 'IndexExpr',
  MemberExpr: 'MemberExpr',

  // Flat chains of suffixes and of binary operators (see base-grammar.ts): in the Lezer tree
  // only, never in a SyntaxNode tree.
  SuffixChain: 'SuffixChain',
  IndexSuffix: 'IndexSuffix',
  MemberSuffix: 'MemberSuffix',
  OperatorChain: 'OperatorChain',
} as const;

export type BuiltinNodeType = (typeof BuiltinNode)[keyof typeof BuiltinNode];

/**
 * `OperatorGroup<i>` wraps an operator of `operatorGroups(lex)[i]` (base-grammar.ts): one name
 * per precedence level, as many as the config has; never in a SyntaxNode tree.
 */
export const OPERATOR_GROUP_PREFIX = 'OperatorGroup';

/** The nodes the conversion to a SyntaxNode tree makes; a Lezer parser has none of them. */
export const CONVERTED_NODES: ReadonlySet<string> = new Set<BuiltinNodeType>([
  BuiltinNode.BinaryExpr,
  BuiltinNode.CallExpr,
  BuiltinNode.IndexExpr,
  BuiltinNode.MemberExpr,
]);

/** The names a Lezer parser of a built-in grammar may have, besides `OperatorGroup<i>`. */
export const LEZER_NODES: ReadonlySet<string> = new Set<BuiltinNodeType>(
  Object.values(BuiltinNode).filter((name) => !CONVERTED_NODES.has(name)),
);
