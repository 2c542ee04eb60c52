/**
 * RUNBOOK.md as the tools ship it. A code's `runbook` is the anchor `RUNBOOK.md#<slug>`,
 * relative to the package that carries the file (every package does, copied in by the
 * build; the VS Code extension holds one too). Whatever shows a link to a person turns the
 * anchor into one that opens where it runs (`runbookLink`), and whatever explains a code
 * offline reads its entry from the file (`runbookEntry`).
 */

/** A runbook anchor (`RUNBOOK.md#pc_net_reset`) resolved against a copy of the file. */
export function runbookLink(anchor: string, runbookFile: URL): string {
  const hash = anchor.indexOf('#');
  return hash === -1 ? runbookFile.href : `${runbookFile.href}${anchor.slice(hash)}`;
}

export interface RunbookEntry {
  /** The heading's text: the code, as written in the runbook. */
  readonly code: string;
  /** What is under the heading, up to the next heading of its level or above, trimmed. */
  readonly body: string;
  /** The family section (`## ...`) the entry sits under, if any. */
  readonly family: string | undefined;
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

/**
 * The entry of a code: the heading whose text is the code (compared without regard to case,
 * so `pc_net_reset` finds `### PC_NET_RESET`). Headings inside fenced code blocks do not count.
 */
export function runbookEntry(markdown: string, code: string): RunbookEntry | undefined {
  const wanted = code.trim().toLowerCase();
  const headings = runbookHeadings(markdown);
  const at = headings.findIndex((h) => h.text.toLowerCase() === wanted);
  const heading = headings[at];
  if (heading === undefined) return undefined;
  const next = headings.slice(at + 1).find((h) => h.level <= heading.level);
  const lines = markdown.split('\n');
  const body = lines
    .slice(heading.line + 1, next?.line)
    .join('\n')
    .trim();
  const family = headings
    .slice(0, at)
    .reverse()
    .find((h) => h.level < heading.level)?.text;
  return { code: heading.text, body, family };
}

/** The texts of the runbook's code entries: headings that name a code (`PC_*`, or a program check such as `codegen-unsupported`). */
export function runbookCodes(markdown: string): string[] {
  return runbookHeadings(markdown)
    .filter((h) => h.level === 3 && /^(PC_[A-Z0-9_]+|[a-z]+(?:-[a-z]+)+)$/.test(h.text))
    .map((h) => h.text);
}

interface Heading {
  readonly level: number;
  readonly text: string;
  readonly line: number;
}

function runbookHeadings(markdown: string): Heading[] {
  const out: Heading[] = [];
  let fenced = false;
  markdown.split('\n').forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : HEADING.exec(line);
    if (match) out.push({ level: match[1]!.length, text: match[2]!, line: index });
  });
  return out;
}
