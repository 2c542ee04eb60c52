/** The kind of value a key takes; a key of several kinds takes any of them. */
/** `strings` is a list whose every element is a string. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'list' | 'strings' | 'mapping';
export type KeyTypes = Readonly<Record<string, ValueKind | readonly ValueKind[]>>;

/**
 * Every key some ParserCraft dialect defines, by section, with the kind of value it takes.
 * Anything else is reported as unknown (a warning): a typo such as `keyword:` must not
 * silently do nothing. Every known key is type-checked (key-types.ts), read or not: `yes`
 * for a boolean is a mistake ParserCraft would trip on even where this package ignores it.
 */
export const TOP_LEVEL_TYPES: KeyTypes = {
  metadata: 'mapping',
  keywords: 'mapping',
  functions: 'mapping',
  operators: ['list', 'mapping'],
  syntax_options: 'mapping',
  parsing_config: 'mapping',
  runtime: 'mapping',
  grammar: 'mapping',
  name: 'string',
  version: 'string',
  description: 'string',
  author: 'string',
  parsing: 'mapping',
  syntax: 'mapping',
  builtin_functions: 'mapping',
  debug_mode: 'boolean',
  strict_mode: 'boolean',
  compatibility_mode: 'string',
};
export const TOP_LEVEL_KEYS = new Set(Object.keys(TOP_LEVEL_TYPES));

export const METADATA_TYPES: KeyTypes = {
  name: 'string',
  version: 'string',
  description: 'string',
  author: 'string',
  year: ['number', 'string'],
  target_interpreter: 'string',
  file_extension: 'string',
  file_extensions: 'strings',
  icon: 'string',
  license: 'string',
  homepage: 'string',
};
export const METADATA_KEYS = new Set(Object.keys(METADATA_TYPES));

export const KEYWORD_TYPES: KeyTypes = {
  original: 'string',
  custom: 'string',
  category: 'string',
  description: 'string',
  aliases: 'strings',
};
export const KEYWORD_KEYS = new Set(Object.keys(KEYWORD_TYPES));

export const FUNCTION_TYPES: KeyTypes = {
  name: 'string',
  arity: 'number',
  min_args: 'number',
  max_args: 'number',
  description: 'string',
  enabled: 'boolean',
  implementation: 'string',
  alias: 'string',
  parameters: 'list',
  return_type: 'string',
};
export const FUNCTION_KEYS = new Set(Object.keys(FUNCTION_TYPES));

export const OPERATOR_TYPES: KeyTypes = {
  symbol: 'string',
  precedence: 'number',
  associativity: 'string',
  enabled: 'boolean',
  description: 'string',
  implementation: 'string',
};
export const OPERATOR_KEYS = new Set(Object.keys(OPERATOR_TYPES));

export const SYNTAX_OPTIONS_TYPES: KeyTypes = {
  array_start_index: 'number',
  allow_fractional_indexing: 'boolean',
  flexible_quoting: 'boolean',
  string_interpolation: 'boolean',
  interpolation_symbol: 'string',
  single_line_comment: 'string',
  multi_line_comment_start: 'string',
  multi_line_comment_end: 'string',
  require_semicolons: 'boolean',
  statement_terminator: 'string',
  three_valued_logic: 'boolean',
  probabilistic_variables: 'boolean',
  temporal_variables: 'boolean',
  enable_satirical_keywords: 'boolean',
  enable_quantum_features: 'boolean',
  enable_time_travel: 'boolean',
  enable_gaslighting: 'boolean',
  case_sensitive: 'boolean',
  block_style: 'string',
};
export const SYNTAX_OPTIONS_KEYS = new Set(Object.keys(SYNTAX_OPTIONS_TYPES));

export const PARSING_CONFIG_TYPES: KeyTypes = {
  block_start: 'string',
  block_end: 'string',
  list_start: 'string',
  list_end: 'string',
  tuple_start: 'string',
  tuple_end: 'string',
  dict_start: 'string',
  dict_end: 'string',
  statement_separator: 'string',
  parameter_separator: 'string',
  key_value_separator: 'string',
  string_delimiters: 'strings',
  escape_character: 'string',
  allow_raw_strings: 'boolean',
  raw_string_prefix: 'string',
  member_access: 'string',
  index_access_start: 'string',
  index_access_end: 'string',
  function_call_start: 'string',
  function_call_end: 'string',
  if_then_separator: 'string',
  else_keyword: 'string',
  elif_keyword: 'string',
  function_param_start: 'string',
  function_param_end: 'string',
  function_arrow: 'string',
  return_type_separator: 'string',
  class_inheritance_separator: 'string',
  class_body_start: 'string',
  class_body_end: 'string',
  import_separator: 'string',
  from_keyword: 'string',
  as_keyword: 'string',
  allow_custom_operators: 'boolean',
  allow_operator_overloading: 'boolean',
};
export const PARSING_CONFIG_KEYS = new Set(Object.keys(PARSING_CONFIG_TYPES));

export const PARSING_TYPES: KeyTypes = {
  comment_style: 'string',
  alt_comment_prefix: 'string',
  string_delimiters: 'strings',
  multiline_comment_start: 'string',
  multiline_comment_end: 'string',
  statement_separator: 'string',
  line_continuation: 'string',
  case_sensitive: 'boolean',
  block_style: 'string',
};
export const PARSING_KEYS = new Set(Object.keys(PARSING_TYPES));

export const SYNTAX_TYPES: KeyTypes = {
  array_index_base: 'number',
  array_index_one_based: 'boolean',
  function_keyword_required: 'boolean',
  parentheses_required: 'boolean',
  block_end_required: 'boolean',
  statement_separator: 'string',
  semicolons: ['string', 'boolean'],
  indentation_style: 'string',
  block_style: 'string',
  case_sensitive: 'boolean',
};
export const SYNTAX_KEYS = new Set(Object.keys(SYNTAX_TYPES));

export const RUNTIME_TYPES: KeyTypes = {
  debug_mode: 'boolean',
  strict_mode: 'boolean',
  compatibility_mode: 'string',
};
export const RUNTIME_KEYS = new Set(Object.keys(RUNTIME_TYPES));

export const GRAMMAR_TYPES: KeyTypes = {
  name: 'string',
  start: 'string',
  skip_whitespace: 'boolean',
  comments: 'strings',
  rules: 'mapping',
  description: 'string',
};
export const GRAMMAR_KEYS = new Set(Object.keys(GRAMMAR_TYPES));
