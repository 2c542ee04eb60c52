import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { classify, errorCodeSpec, PcError, runbookCodes, runbookEntry } from '@parsercraft/core/errors';
import { CliCodes } from '../cli-codes.js';
import { EXIT } from '../exit-codes.js';
import type { Style, Terminal } from '../output/terminal.js';
import { runbookHref, RUNBOOK_FILE } from '../runbook-file.js';
import { nearest } from '../text/nearest.js';

export interface ExplainOptions {
  readonly code: string;
  readonly terminal: Terminal;
  readonly write: (text: string) => void;
}

/**
 * `parsercraft explain CODE`, like `rustc --explain`: a code's runbook entry, read offline
 * from the RUNBOOK.md this installation carries, with what the code registry knows of it
 * (category, severity, whether it is retried). An unknown code is a usage error naming the
 * nearest ones.
 */
export async function explain(options: ExplainOptions): Promise<number> {
  const markdown = await readRunbook();
  const entry = runbookEntry(markdown, options.code);
  if (!entry || !runbookCodes(markdown).includes(entry.code)) {
    const near = nearest(options.code, runbookCodes(markdown));
    throw new PcError(
      CliCodes.PC_CLI_USAGE,
      `The runbook has no entry for ${quoted(options.code)}; the nearest codes are ${near.join(', ')}.`,
    );
  }
  // The packages define their codes when loaded; only their code tables are needed here.
  await Promise.all([
    import('@parsercraft/language'),
    import('@parsercraft/registry-client'),
    import('@parsercraft/lsp-server'),
  ]);
  const spec = errorCodeSpec(entry.code);
  const paint = (style: Style, text: string): string => options.terminal.paint(style, text);
  const lines = [paint('bold', entry.code)];
  if (spec) {
    lines.push(
      spec.summary,
      paint(
        'dim',
        `${spec.category}, severity ${spec.severity}, ${spec.retryable ? 'retried where a recovery plan allows' : 'not retried'}`,
      ),
    );
  }
  lines.push('', entry.body, '');
  const link = runbookHref(`RUNBOOK.md#${entry.code.toLowerCase()}`);
  lines.push(
    paint('dim', entry.family ? `In the runbook under "${entry.family}": ${link}` : `In the runbook: ${link}`),
  );
  options.write(lines.join('\n'));
  return EXIT.ok;
}

async function readRunbook(): Promise<string> {
  try {
    return await readFile(RUNBOOK_FILE, 'utf8');
  } catch (error) {
    const e = classify(error);
    throw new PcError(
      e.spec,
      `This installation's runbook cannot be read (${fileURLToPath(RUNBOOK_FILE)}): ${e.message}. Reinstalling @parsercraft/cli restores it.`,
      { cause: error },
    );
  }
}

/** What was typed, as a JSON string cut to 80 characters: control characters never reach the terminal. */
function quoted(typed: string): string {
  return JSON.stringify(typed.length > 80 ? `${typed.slice(0, 80)}…` : typed);
}
