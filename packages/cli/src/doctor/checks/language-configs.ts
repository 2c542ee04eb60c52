import { languagePackage, workspace } from '../check-modules.js';
import type { DoctorCheck, NamedResult } from '../doctor-check.js';
import { BUNDLED_LANGUAGES } from '../../project/bundled-languages.js';
import { configFindings } from '../../output/config-findings.js';

/**
 * Every language config the project names (and the bundled ones) loads without errors, and its
 * parser builds; each finding is said as `parsercraft check` says it (see config-findings.ts).
 */
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
      // A config that loads may still describe a layout no parser can be built for; one that
      // does not load is judged by its load errors alone, as `check` judges it.
      const loadErrors = diagnostics.filter((d) => d.severity === 'error');
      const errors = loadErrors.length
        ? loadErrors
        : layoutGrammarDiagnostics(spec).filter((d) => d.severity === 'error');
      const warnings = diagnostics.filter((d) => d.severity === 'warning');
      const first = errors[0];
      rows.push(
        first
          ? {
              name: `language ${path}`,
              status: 'error',
              detail: `${count(errors.length, 'error')}: ${configFindings(path, errors)}`,
              code: first.code,
              fix: `parsercraft check --config ${path} <a program>`,
            }
          : {
              name: `language ${spec.name}`,
              // Warnings (keywords merged as ParserCraft merges them, ignored keys) leave programs
              // checkable: the row stays ok, as `check` exits 0, but names each one.
              status: 'ok',
              detail:
                `${path} loads and its parser builds (${spec.keywords.size} keywords, ${spec.functions.size} functions)` +
                (warnings.length ? `; ${count(warnings.length, 'warning')}: ${configFindings(path, warnings)}` : ''),
            },
      );
    }
    return rows;
  },
};

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
