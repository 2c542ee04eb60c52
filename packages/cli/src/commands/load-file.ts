import { readFile } from 'node:fs/promises';
import { CoreErrorCodes, errorCodeSpec, PcError } from '@parsercraft/core/errors';
import { loadLanguageConfig, type LanguageSpec, type LoadedConfig } from '@parsercraft/language';
import { CliCodes } from '../cli-codes.js';
import { configFindings } from '../output/config-findings.js';
import type { FileLanguages } from '../project/file-languages.js';

export interface LoadedFile {
  readonly file: string;
  readonly text: string;
  readonly configPath: string;
  readonly spec: LanguageSpec;
}

/**
 * A program and the language it is written in, or a classified error: the file cannot be
 * read (PC_FS_*), no language claims it (PC_CLI_NO_LANGUAGE), or its config has errors
 * (the config's own first error code, with every finding in the message).
 */
/** Configs being loaded, by path, so files in one language load it once. */
export type SpecCache = Map<string, Promise<LoadedConfig>>;

export async function loadFile(
  file: string,
  languages: FileLanguages,
  specs: SpecCache = new Map(),
): Promise<LoadedFile> {
  const configPath = languages.configFor(file);
  if (!configPath) {
    throw new PcError(
      CliCodes.PC_CLI_NO_LANGUAGE,
      `No language config applies to ${file}: name one with --config, or map its extension in parsercraft.json.`,
      { context: { file } },
    );
  }
  let loading = specs.get(configPath);
  if (!loading) specs.set(configPath, (loading = loadLanguageConfig(configPath)));
  const [text, loaded] = await Promise.all([readFile(file, 'utf8'), loading]);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  if (first) {
    const all = configFindings(configPath, errors);
    // The config's own code (PC_CONFIG_*, PC_YAML_*, PC_FS_*), so the runbook entry is the one for its problem.
    throw new PcError(
      errorCodeSpec(first.code) ?? CoreErrorCodes.PC_INVALID_ARGUMENT,
      `The language config of ${file} has errors: ${all}`,
      { context: { file, configPath } },
    );
  }
  return { file, text, configPath, spec: loaded.spec };
}
