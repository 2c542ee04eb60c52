import { ContextTracker } from '@lezer/lr';

/** The stack of open indentation levels, immutable so Lezer can share it between parses. */
export class IndentContext {
  readonly hash: number;
  constructor(
    readonly parent: IndentContext | null,
    readonly depth: number,
  ) {
    this.hash = (parent ? (parent.hash + parent.hash) << 8 : 0) + depth + (depth << 4);
  }
}

const ROOT = new IndentContext(null, 0);

function columnAt(input: { peek(offset: number): number }): number {
  let column = 0;
  for (let i = 0; ; i++) {
    const c = input.peek(i);
    if (c === 32) column++;
    else if (c === 9) column += 8 - (column % 8);
    else return column;
  }
}

/** Pushes a level on each indent token and pops one on each dedent, as Python's tokenizer does. */
export function indentationTracker(terms: Readonly<Record<string, number>>): ContextTracker<IndentContext> {
  const indent = terms['indent'];
  const dedent = terms['dedent'];
  return new ContextTracker<IndentContext>({
    start: ROOT,
    shift(context, term, _stack, input) {
      if (term === indent) return new IndentContext(context, columnAt(input));
      if (term === dedent) return context.parent ?? ROOT;
      return context;
    },
    hash: (context) => context.hash,
    strict: false,
  });
}
