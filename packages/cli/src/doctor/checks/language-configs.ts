import { languagePackage, workspace } from '../check-modules.js';
import type { DoctorCheck, NamedResult } from '../doctor-check.js';
import { BUNDLED_LANGUAGES } from '../../project/bundled-languages.js';

/** Every language config the project names (and the bundled ones) loads without errors. */
export const languageConfigs: DoctorCheck = {
  name: 'languages',
  load: () => Promise.all([languagePackage(), workspace()]),
  run: async ({ projectDir }) => {
    const [{ loadLanguageConfig }, { LanguageResolver }] = await Promise.all([languagePackage(), workspace()]);
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
      const errors = diagnostics.filter((d) => d.severity === 'error');
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
              detail: `${path} loads (${spec.keywords.size} keywords, ${spec.functions.size} functions)`,
            },
      );
    }
    return rows;
  },
};
