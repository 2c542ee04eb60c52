import { defineErrorCodes } from '@parsercraft/core/errors';

/**
 * Codes of findings about a language config. They are operator-facing (a broken config stops
 * a whole team's editor), so each is registered and has a RUNBOOK.md entry.
 */
export const ConfigCodes = defineErrorCodes({
  PC_CONFIG_NOT_A_MAPPING: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: 'A language config, or one of its sections, is not a mapping of keys to values.',
  },
  PC_CONFIG_WRONG_TYPE: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary: 'A language config value has the wrong type (for example a list where a string belongs).',
  },
  PC_CONFIG_UNKNOWN_KEY: {
    category: 'validation',
    severity: 'low',
    retryable: false,
    summary: 'A language config has a key that no ParserCraft dialect defines; it is ignored.',
  },
  PC_CONFIG_DUPLICATE_KEYWORD: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: 'Two keywords of a language config are spelled the same way.',
  },
  PC_CONFIG_KEYWORD_IS_FUNCTION: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: 'A keyword of a language config is spelled like one of its functions.',
  },
  PC_CONFIG_INVALID_SPELLING: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary:
      "A keyword, function name, operator symbol, comment marker, string delimiter or statement separator of a language config is one the config's tokenizer can never read as one token (empty, whitespace or invisible characters, a comment marker or string delimiter in it, split by punctuation, a digit or letter where a marker starts), so no program can spell it.",
  },
  PC_CONFIG_INVALID_ARITY: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary: 'A function of a language config has an impossible arity or argument range.',
  },
  PC_CONFIG_INVALID_PRECEDENCE: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary: 'An operator of a language config has a precedence that is not a whole number from 0 to 100.',
  },
  PC_CONFIG_INVALID_ASSOCIATIVITY: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary: 'An operator of a language config has an associativity other than left, right or none.',
  },
  PC_CONFIG_DUPLICATE_OPERATOR: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary: 'An operator symbol is defined twice in a language config.',
  },
  PC_CONFIG_DEFAULT_APPLIED: {
    category: 'validation',
    severity: 'low',
    retryable: false,
    summary: 'A language config left a section empty, and the documented default was used.',
  },
  PC_CONFIG_GRAMMAR_SYNTAX: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: "A rule of a config's grammar section is not valid ParserCraft PEG notation.",
  },
  PC_CONFIG_GRAMMAR_MISSING_RULE: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: "A grammar rule refers to a rule that the config's grammar section does not define.",
  },
  PC_CONFIG_GRAMMAR_LEFT_RECURSION: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: 'A grammar rule can reach itself without consuming input, which a PEG parser cannot run.',
  },
  PC_CONFIG_GRAMMAR_UNUSABLE: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: "A config's grammar section could not be turned into a parser; programs get no syntax tree from it.",
  },
  PC_CONFIG_PUNCTUATION_TAKEN: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary:
      "An operator, or the statement separator, of a language config is spelled like punctuation its block layout's grammar needs.",
  },
  PC_CONFIG_LAYOUT_UNUSABLE: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary:
      "The built-in grammar of a config's block layout cannot be built with one of its keywords, operators or its statement separator.",
  },
  PC_CONFIG_MARKER_CONFLICT: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary:
      'A comment marker, string delimiter or statement separator of a language config clashes with another marker or with punctuation its block layout needs, so the tokenizer always reads the other one first.',
  },
});
