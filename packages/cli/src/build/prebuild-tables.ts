/**
 * Build step (`npm run build`): the parser tables of the bundled languages, into the folder
 * bin/parsercraft.ts names as a seed. A bundled config that does not load fails the build.
 */
import { loadLanguageConfig, prebuildParserTables } from '@parsercraft/language';
import { BUNDLED_LANGUAGES, BUNDLED_PARSER_TABLES } from '../project/bundled-languages.js';

for (const { config } of Object.values(BUNDLED_LANGUAGES)) {
  const { spec, diagnostics } = await loadLanguageConfig(config);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${config}: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  console.log(`parser tables of ${config}: ${prebuildParserTables(spec, BUNDLED_PARSER_TABLES)}`);
}
