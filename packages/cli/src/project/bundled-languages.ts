import { fileURLToPath } from 'node:url';

/** The languages the CLI carries, so it works with no project at all (ParserCraft's own Pascal sample, MIT). */
export const BUNDLED_LANGUAGES = {
  pascal: { config: fileURLToPath(new URL('../../languages/pascal.yaml', import.meta.url)), extensions: ['.pas'] },
} as const;

/**
 * Their parser tables, built with the package (`npm run build`, see build/prebuild-tables.ts)
 * and named in PARSERCRAFT_PARSER_TABLES by bin/parsercraft.ts, so a first run on an empty
 * cache, `parsercraft doctor` on a fresh machine included, does not wait on the generator.
 */
export const BUNDLED_PARSER_TABLES = fileURLToPath(new URL('../parser-tables/', import.meta.url));
