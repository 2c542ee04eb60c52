import { languagePackage, workspace } from '../check-modules.js';
import type { DoctorCheck, NamedResult } from '../doctor-check.js';
import { BUNDLED_LANGUAGES } from '../../project/bundled-languages.js';

/** Every language config the project names (and the bundled ones) loads without errors, and its parser builds. */
export const languageConfigs: DoctorCheck = {
  name: 'languages',
  load: () => Promise.all([languagePackage(), workspace()]),
  run: async ({ projectDir }) => {
    const [{ loadLanguageConfig, layoutGrammarDiagnostics }, { LanguageResolver }] = await Promise.all([
      languagePackage(),
      workspace(),
    ]);
    const resolver = new LanguageResolver(projectDir, BUNDLED_LANGUAGES);
    await resolver.reload({});
    const rows: NamedResult[] = resolver.problems.map((p) => ({
      name: 'languages',
      status: 'error',
      detail: `${p.file}: ${p.message}`,
      code: 'PC_REGISTRY_PROJECT_INVALID',
      fix: `correct ${p.file}`,
    }));
    const paths = [...new Set([...resolver.configPaths(), ...Object.values(BUNDLED_LANGUAGES).map((l) => l.config)])];
    for (const path of paths) {
      const { spec, diagnostics } = await loadLanguageConfig(path);
      // A config that loads may still describe a layout no parser can be built for.
      const errors = [...diagnostics, ...layoutGrammarDiagnostics(spec)].filter((d) => d.severity === 'error');
      const first = errors[0];
      rows.push(
        first
          ? {
              name: `language ${path}`,
              status: 'error',
              detail: `${errors.length} error(s); line ${first.range.start.line + 1}: ${first.message}`,
              code: first.code,
              fix: `parsercraft check --config ${path} <a program>`,
            }
          : {
              name: `language ${spec.name}`,
              status: 'ok',
              detail: `${path} loads and its parser builds (${spec.keywords.size} keywords, ${spec.functions.size} functions)`,
            },
      );
    }
    return rows;
  },
};
