import type { Diagnostic } from '@parsercraft/language';

/**
 * A config's findings as `check` and `doctor` both print them, `path:line:col: message`
 * (1-based) joined with '; ', so that what one says about a config the other says alike.
 */
export function configFindings(configPath: string, findings: readonly Diagnostic[]): string {
  return findings
    .map((d) => `${configPath}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`)
    .join('; ');
}
