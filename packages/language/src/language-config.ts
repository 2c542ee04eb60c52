import { configDiagnostic } from './config/config-document.js';
import { ConfigCodes } from './config/config-codes.js';
import {
  parseConfigText,
  readLanguageConfig,
  type LoadConfigOptions,
  type LoadedConfig,
} from './config/load-config.js';
import { pegParsersFor } from './syntax/peg/peg-parser.js';

/**
 * Loads a language config of any ParserCraft dialect from a path or from its text (see
 * `readLanguageConfig`), and says whether its `grammar:` section builds a parser. That last
 * check needs the syntax layer, which itself reads the spec, so it is made here, above both.
 * Never throws on bad input.
 */
export async function loadLanguageConfig(pathOrText: string, options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  return withGrammarCheck(await readLanguageConfig(pathOrText, options));
}

/** The synchronous core of `loadLanguageConfig`, for text already in memory. */
export function parseLanguageConfig(text: string, options: LoadConfigOptions = {}, sourcePath?: string): LoadedConfig {
  return withGrammarCheck(parseConfigText(text, options, sourcePath));
}

/** A grammar that passed validation but that peggy still rejects is reported, not dropped. */
function withGrammarCheck(loaded: LoadedConfig): LoadedConfig {
  const { spec, diagnostics } = loaded;
  if (!spec.grammar || diagnostics.some((d) => d.code.startsWith('PC_CONFIG_GRAMMAR_'))) return loaded;
  const built = pegParsersFor(spec.grammar, spec);
  if (!(built instanceof Error)) return loaded;
  const unusable = configDiagnostic(
    ConfigCodes.PC_CONFIG_GRAMMAR_UNUSABLE,
    spec.grammar.range,
    `The grammar section cannot be turned into a parser (${built.message}); programs are parsed with the built-in grammar instead.`,
  );
  return { spec, diagnostics: [...diagnostics, unusable] };
}
