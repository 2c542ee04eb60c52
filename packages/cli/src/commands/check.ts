import { analyze, checkProtocols } from '@parsercraft/language';
import { EXIT } from '../exit-codes.js';
import {
  count,
  githubReport,
  jsonReport,
  textReport,
  type FileReport,
  type ReportFormat,
} from '../output/format-diagnostics.js';
import type { Terminal } from '../output/terminal.js';
import { FileLanguages } from '../project/file-languages.js';
import { loadFile, type SpecCache } from './load-file.js';

export interface CheckOptions {
  readonly files: readonly string[];
  readonly format: ReportFormat;
  readonly config?: string;
  readonly cwd: string;
  readonly terminal: Terminal;
  readonly write: (text: string) => void;
}

/**
 * `parsercraft check FILE...`: parse, bind and check each file (protocol checks included)
 * and report the findings. Exit 1 when any is an error; a file that cannot be checked at all
 * throws (exit 2), before anything is printed.
 */
export async function check(options: CheckOptions): Promise<number> {
  const languages = await FileLanguages.open(options.cwd, options.config);
  const specs: SpecCache = new Map();
  const loaded = await Promise.all(options.files.map((file) => loadFile(file, languages, specs)));
  const reports: FileReport[] = loaded.map(({ file, text, configPath, spec }) => {
    const analysis = analyze(spec, text);
    const diagnostics = [...analysis.diagnostics, ...checkProtocols(spec, analysis)].sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
    return { file, config: configPath, diagnostics };
  });
  const output =
    options.format === 'json'
      ? jsonReport(reports)
      : options.format === 'github'
        ? githubReport(reports)
        : textReport(reports, options.terminal);
  if (output) options.write(output);
  return count(reports).errors > 0 ? EXIT.problems : EXIT.ok;
}
