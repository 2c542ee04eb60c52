import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { generateC } from '@parsercraft/language';
import { EXIT } from '../exit-codes.js';
import { textReport } from '../output/format-diagnostics.js';
import type { Terminal } from '../output/terminal.js';
import { FileLanguages } from '../project/file-languages.js';
import { loadFile } from './load-file.js';

export interface CodegenOptions {
  readonly file: string;
  readonly target: 'c';
  readonly output?: string;
  readonly config?: string;
  readonly cwd: string;
  readonly terminal: Terminal;
  readonly write: (text: string) => void;
  readonly writeError: (text: string) => void;
}

/**
 * `parsercraft codegen FILE --target c [-o OUT]`: C99 on stdout or in OUT. OUT appears whole
 * or not at all (a temp file beside it, renamed). A program with errors, or outside the
 * translated subset, gets its findings on stderr, no C, and exit 1.
 */
export async function codegen(options: CodegenOptions): Promise<number> {
  const languages = await FileLanguages.open(options.cwd, options.config);
  const { file, text, configPath, spec } = await loadFile(options.file, languages);
  const generated = generateC(spec, text);
  if (generated.code === undefined) {
    const findings = generated.diagnostics.filter((d) => d.severity === 'error');
    options.writeError(textReport([{ file, config: configPath, diagnostics: findings }], options.terminal));
    return EXIT.problems;
  }
  if (options.output === undefined) {
    options.write(generated.code.replace(/\n$/, ''));
    return EXIT.ok;
  }
  const temp = join(dirname(options.output), `.${basename(options.output)}.pc-tmp-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(temp, generated.code);
    await rename(temp, options.output);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return EXIT.ok;
}
