/**
 * Every key some ParserCraft dialect defines, by section. Anything else is reported as
 * unknown (a warning): a typo such as `keyword:` must not silently do nothing.
 */
export const TOP_LEVEL_KEYS = new Set([
  // canonical
  'metadata',
  'keywords',
  'functions',
  'operators',
  'syntax_options',
  'parsing_config',
  'runtime',
  'grammar',
  // flat
  'name',
  'version',
  'description',
  'author',
  'parsing',
  'syntax',
  // legacy
  'builtin_functions',
  'debug_mode',
  'strict_mode',
  'compatibility_mode',
]);

export const METADATA_KEYS = new Set([
  'name',
  'version',
  'description',
  'author',
  'year',
  'target_interpreter',
  'file_extension',
  'file_extensions',
  'icon',
  'license',
  'homepage',
]);

export const KEYWORD_KEYS = new Set(['original', 'custom', 'category', 'description', 'aliases']);

export const FUNCTION_KEYS = new Set([
  'name',
  'arity',
  'min_args',
  'max_args',
  'description',
  'enabled',
  'implementation',
  'alias',
  'parameters',
  'return_type',
]);

export const OPERATOR_KEYS = new Set([
  'symbol',
  'precedence',
  'associativity',
  'enabled',
  'description',
  'implementation',
]);

export const SYNTAX_OPTIONS_KEYS = new Set([
  'array_start_index',
  'allow_fractional_indexing',
  'flexible_quoting',
  'string_interpolation',
  'interpolation_symbol',
  'single_line_comment',
  'multi_line_comment_start',
  'multi_line_comment_end',
  'require_semicolons',
  'statement_terminator',
  'three_valued_logic',
  'probabilistic_variables',
  'temporal_variables',
  'enable_satirical_keywords',
  'enable_quantum_features',
  'enable_time_travel',
  'enable_gaslighting',
  'case_sensitive',
  'block_style',
]);

export const PARSING_CONFIG_KEYS = new Set([
  'block_start',
  'block_end',
  'list_start',
  'list_end',
  'tuple_start',
  'tuple_end',
  'dict_start',
  'dict_end',
  'statement_separator',
  'parameter_separator',
  'key_value_separator',
  'string_delimiters',
  'escape_character',
  'allow_raw_strings',
  'raw_string_prefix',
  'member_access',
  'index_access_start',
  'index_access_end',
  'function_call_start',
  'function_call_end',
  'if_then_separator',
  'else_keyword',
  'elif_keyword',
  'function_param_start',
  'function_param_end',
  'function_arrow',
  'return_type_separator',
  'class_inheritance_separator',
  'class_body_start',
  'class_body_end',
  'import_separator',
  'from_keyword',
  'as_keyword',
  'allow_custom_operators',
  'allow_operator_overloading',
]);

export const PARSING_KEYS = new Set([
  'comment_style',
  'alt_comment_prefix',
  'string_delimiters',
  'multiline_comment_start',
  'multiline_comment_end',
  'statement_separator',
  'line_continuation',
  'case_sensitive',
  'block_style',
]);

export const SYNTAX_KEYS = new Set([
  'array_index_base',
  'array_index_one_based',
  'function_keyword_required',
  'parentheses_required',
  'block_end_required',
  'statement_separator',
  'semicolons',
  'indentation_style',
  'block_style',
  'case_sensitive',
]);

export const RUNTIME_KEYS = new Set(['debug_mode', 'strict_mode', 'compatibility_mode']);

export const GRAMMAR_KEYS = new Set(['name', 'start', 'skip_whitespace', 'comments', 'rules', 'description']);
