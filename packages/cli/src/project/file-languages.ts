import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { LanguageResolver } from '@parsercraft/lsp-server/workspace';
import { BUNDLED_LANGUAGES } from './bundled-languages.js';

/**
 * Which config a file is written in, as the language server decides it (the project's
 * parsercraft.json, then a config's own file extension), with `--config` over all of it and
 * the bundled languages under it.
 */
export class FileLanguages {
  private constructor(
    private readonly resolver: LanguageResolver,
    private readonly forced: string | undefined,
  ) {}

  static async open(projectDir: string, forcedConfig?: string): Promise<FileLanguages> {
    const resolver = new LanguageResolver(projectDir);
    await resolver.reload(BUNDLED_LANGUAGES);
    return new FileLanguages(resolver, forcedConfig === undefined ? undefined : resolve(forcedConfig));
  }

  /** The config path for a file, or undefined when nothing claims its extension. */
  configFor(file: string): string | undefined {
    return this.forced ?? this.resolver.languageOf(pathToFileURL(resolve(file)).href)?.configPath;
  }

  /** Problems reading parsercraft.json, to report before anything else. */
  get problems(): readonly { file: string; message: string }[] {
    return this.resolver.problems;
  }
}
