import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { readLanguageConfig } from '@parsercraft/language';
import { packagesDir } from '@parsercraft/registry-client/layout';
import { z } from 'zod';
import { readDocumentUri } from '../protocol/document-uri.js';

/** One language the server serves: its id, its config file and the extensions of its programs. */
export interface LanguageEntry {
  readonly id: string;
  readonly configPath: string;
  readonly extensions: readonly string[];
  /** Where the entry came from, for messages: `parsercraft.json`, `settings`, `config metadata`. */
  readonly origin: string;
  /** The package the config comes from, when it is installed from a registry. */
  readonly package?: string;
}

/**
 * A language is a config file (`config`, relative to the file naming it) or an installed
 * package (`package`, with `config` then relative to the package folder, default
 * `language.yaml`). Packages are installed by the registry client into
 * `.parsercraft/packages/<name>/` (see install-language-packages.ts).
 */
const LanguagesSchema = z.record(
  z.string().min(1),
  z
    .object({
      config: z.string().min(1).optional(),
      package: z.string().min(1).optional(),
      extensions: z.array(z.string().regex(/^\.[^./\\]+$/)).default([]),
    })
    .refine((l) => l.config !== undefined || l.package !== undefined, {
      message: 'a language needs a config or a package',
    }),
);

const ProjectLanguagesSchema = z.object({ languages: LanguagesSchema.optional() });

/** What went wrong reading `parsercraft.json`'s languages; the server reports it on that file. */
export interface ResolverProblem {
  readonly file: string;
  readonly message: string;
}

/**
 * Decides which language config applies to a document. In order: the workspace's
 * `parsercraft.json` (`languages: {id: {config, extensions}}`, config paths relative to
 * it), then a config's own `metadata.file_extension` for the configs named anywhere, then
 * the client's settings (the same shape as parsercraft.json).
 */
export class LanguageResolver {
  private entries: LanguageEntry[] = [];
  private byExtension = new Map<string, LanguageEntry>();
  problems: ResolverProblem[] = [];

  /** `defaults`: languages that apply last of all (the CLI's bundled ones), in the settings' shape. */
  constructor(
    private readonly workspaceRoot: string | undefined,
    private readonly defaults: unknown = {},
  ) {}

  /** Reads parsercraft.json and the settings again; says whether which config serves which extension changed. */
  async reload(settings: unknown): Promise<boolean> {
    const project: LanguageEntry[] = [];
    const problems: ResolverProblem[] = [];
    if (this.workspaceRoot) {
      const file = join(this.workspaceRoot, 'parsercraft.json');
      project.push(
        ...toEntries(await readProject(file, problems), this.workspaceRoot, 'parsercraft.json', this.workspaceRoot),
      );
    }
    const fromSettings = LanguagesSchema.safeParse(settings ?? {});
    const clients = fromSettings.success
      ? toEntries(
          fromSettings.data,
          this.workspaceRoot ?? process.cwd(),
          'settings',
          this.workspaceRoot ?? process.cwd(),
        )
      : [];
    if (!fromSettings.success)
      problems.push({
        file: 'settings',
        message: `parsercraft.languages: ${fromSettings.error.issues.map((i) => i.message).join('; ')}`,
      });
    const entries = [...project, ...clients];
    const byExtension = new Map<string, LanguageEntry>();
    const claim = (ext: string, entry: LanguageEntry): void => {
      const key = (ext.startsWith('.') ? ext : `.${ext}`).toLowerCase();
      if (!byExtension.has(key)) byExtension.set(key, entry);
    };
    // The project's own mapping first; then what each named config says it is for; then the client's settings.
    for (const entry of project) for (const ext of entry.extensions) claim(ext, entry);
    for (const entry of entries) {
      // Only the metadata: building a grammar's parser is a worker's job (ARCHITECTURE.md, the main thread never parses).
      const loaded = await readLanguageConfig(entry.configPath).catch(() => undefined);
      for (const ext of loaded?.spec.fileExtensions ?? [])
        claim(ext, { ...entry, origin: `${entry.origin} (config metadata)` });
    }
    for (const entry of clients) for (const ext of entry.extensions) claim(ext, entry);
    const fallback = LanguagesSchema.safeParse(this.defaults);
    if (fallback.success)
      for (const entry of toEntries(fallback.data, process.cwd(), 'defaults', this.workspaceRoot ?? process.cwd()))
        for (const ext of entry.extensions) claim(ext, entry);
    const describe = (m: Map<string, LanguageEntry>): string =>
      JSON.stringify([...m].map(([ext, e]) => [ext, e.configPath]));
    const changed = describe(byExtension) !== describe(this.byExtension);
    this.entries = entries;
    this.byExtension = byExtension;
    this.problems = problems;
    return changed;
  }

  /**
   * The language of the document at `uri`, or undefined when nothing claims its extension.
   * Never throws: a URI with no local file behind it (UNC, `untitled:`, a notebook cell, bad
   * percent-escapes) is judged by the extension of its path, and one with none has no language.
   */
  languageOf(uri: string): LanguageEntry | undefined {
    const { extension } = readDocumentUri(uri);
    return extension === '' ? undefined : this.byExtension.get(extension);
  }

  /** Every config file the server knows, so edits to them can be diagnosed and reloaded. */
  configPaths(): string[] {
    return [...new Set(this.entries.map((e) => e.configPath))];
  }
}

async function readProject(file: string, problems: ResolverProblem[]): Promise<z.infer<typeof LanguagesSchema>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    problems.push({ file, message: `parsercraft.json is not valid JSON: ${(error as Error).message}` });
    return {};
  }
  const parsed = ProjectLanguagesSchema.safeParse(json);
  if (!parsed.success) {
    problems.push({
      file,
      message: `parsercraft.json languages: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    });
    return {};
  }
  return parsed.data.languages ?? {};
}

function toEntries(
  languages: z.infer<typeof LanguagesSchema>,
  base: string,
  origin: string,
  projectDir: string,
): LanguageEntry[] {
  return Object.entries(languages).map(([id, l]) => {
    const config = l.config ?? 'language.yaml';
    const from = l.package === undefined ? base : join(packagesDir(projectDir), l.package);
    return {
      id,
      configPath: isAbsolute(config) ? config : resolve(from, config),
      extensions: l.extensions,
      origin,
      ...(l.package !== undefined && { package: l.package }),
    };
  });
}
