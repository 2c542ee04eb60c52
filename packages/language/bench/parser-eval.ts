/**
 * The measured comparison behind the choice of parsing libraries (ARCHITECTURE.md, "Parsing"):
 * `npm run bench:eval -w @parsercraft/language`.
 *
 * One small statement language (`x := a + f(b, 2) * (c - 1);`) is built at run time in each
 * candidate, the way a ParserCraft config must be, then measured on what an editor needs:
 * build time, a full parse of 10,000 lines, recovery from one bad line in the middle, and a
 * re-parse after a one-character edit. Every figure is a median over ROUNDS runs taken in the
 * same process, so the ratios between libraries compare like with like.
 */
import { buildParser } from '@lezer/generator';
import { TreeFragment, type Tree } from '@lezer/common';
import { CstParser, Lexer, createToken, type CstNode, type TokenType } from 'chevrotain';
import * as ohm from 'ohm-js';
import peggy from 'peggy';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 9);
const LINES = 10_000;

const line = (i: number): string => `v${i} := a${i} + f(b, ${i}) * (c - ${i % 7});\n`;
const big = Array.from({ length: LINES }, (_, i) => line(i)).join('');
const broken = Array.from({ length: 9 }, (_, i) => (i === 4 ? 'v4 := 3 + ;\n' : line(i))).join('');
// A digit inside a call argument in the middle, so the edit keeps the program valid.
const editAt = big.indexOf('f(b, ', big.length >> 1) + 5;
const edited = big.slice(0, editAt) + '9' + big.slice(editAt + 1);

interface Candidate {
  readonly name: string;
  build(): void;
  parse(text: string): void;
  /** How many of the 8 good statements of `broken` the result still holds. */
  recovered(): number;
  reparseAfterEdit(): void;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
const time = (fn: () => void): number => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

function ohmCandidate(): Candidate {
  const source = String.raw`
    Eval {
      Program = Stmt*
      Stmt = ident ":=" Expr ";"
      Expr = Expr "+" Term -- add
           | Expr "-" Term -- sub
           | Term
      Term = Term "*" Factor -- mul
           | Term "/" Factor -- div
           | Factor
      Factor = "(" Expr ")" -- paren
             | ident "(" ListOf<Expr, ","> ")" -- call
             | number
             | ident
      ident = letter alnum*
      number = digit+
    }`;
  let grammar: ohm.Grammar | undefined;
  const matcher = (): ohm.Matcher => {
    if (!grammar) throw new Error('not built');
    return grammar.matcher();
  };
  let incremental: ohm.Matcher | undefined;
  return {
    name: 'ohm-js 17',
    build: () => {
      grammar = ohm.grammar(source);
    },
    parse: (text) => {
      const m = matcher();
      m.setInput(text);
      if (m.match().failed()) throw new Error('ohm failed');
    },
    recovered: () => {
      const m = matcher();
      m.setInput(broken);
      return m.match().succeeded() ? 8 : 0;
    },
    reparseAfterEdit: () => {
      if (!incremental) {
        incremental = matcher();
        incremental.setInput(big);
        incremental.match();
      }
      incremental.replaceInputRange(editAt, editAt + 1, '9');
      incremental.match();
    },
  };
}

function peggyCandidate(): Candidate {
  const source = String.raw`
    Program = _ s:Stmt* { return s; }
    Stmt = id:Ident _ ":=" _ e:Expr _ ";" _ { return { id, e }; }
    Expr = head:Term tail:(_ ("+" / "-") _ Term)* { return [head, tail]; }
    Term = head:Factor tail:(_ ("*" / "/") _ Factor)* { return [head, tail]; }
    Factor = "(" _ e:Expr _ ")" { return e; }
           / id:Ident _ "(" _ args:(Expr|.., _ "," _|) _ ")" { return { id, args }; }
           / Number / Ident
    Ident = $([a-zA-Z][a-zA-Z0-9]*)
    Number = $[0-9]+
    _ = [ \t\r\n]*`;
  let parser: peggy.Parser | undefined;
  const run = (text: string): unknown => {
    if (!parser) throw new Error('not built');
    return parser.parse(text);
  };
  return {
    name: 'peggy 5',
    build: () => {
      parser = peggy.generate(source);
    },
    parse: (text) => {
      run(text);
    },
    recovered: () => {
      try {
        run(broken);
        return 8;
      } catch {
        return 0;
      }
    },
    reparseAfterEdit: () => {
      run(edited);
    },
  };
}

function chevrotainCandidate(): Candidate {
  let lexer: Lexer | undefined;
  let parser: (CstParser & { program(): CstNode }) | undefined;
  const build = (): void => {
    const ws = createToken({ name: 'WS', pattern: /\s+/, group: Lexer.SKIPPED });
    const ident = createToken({ name: 'Ident', pattern: /[a-zA-Z][a-zA-Z0-9]*/ });
    const number = createToken({ name: 'Number', pattern: /\d+/ });
    const symbols = [':=', ';', ',', '(', ')', '+', '-', '*', '/'].map((s, i) =>
      createToken({ name: `S${i}`, pattern: s }),
    );
    const [assign, semi, comma, lparen, rparen, ...ops] = symbols as [
      TokenType,
      TokenType,
      TokenType,
      TokenType,
      TokenType,
      ...TokenType[],
    ];
    const levels = [ops.slice(0, 2), ops.slice(2, 4)];
    lexer = new Lexer([ws, assign, semi, comma, lparen, rparen, ...ops, ident, number], {
      positionTracking: 'onlyOffset',
    });
    // Built from data in a loop, the way a config's operator table would be.
    class EvalParser extends CstParser {
      program!: () => CstNode;
      constructor() {
        super([ws, ident, number, ...symbols], { recoveryEnabled: true });
        // chevrotain's documented DSL style: rules are closures over the parser instance.
        // eslint-disable-next-line @typescript-eslint/no-this-alias
        const $ = this;
        // Rules are looked up by name once performSelfAnalysis has defined them all.
        const rule = (name: string): (() => CstNode) =>
          ($ as unknown as Record<string, () => CstNode>)[name] as () => CstNode;
        // One rule per precedence level, built from data in a loop the way a config's
        // operator table is; a rule may call each DSL method once per numeric suffix.
        levels.forEach((ops, i) => {
          const next = i + 1 < levels.length ? `level${i + 1}` : 'factor';
          // Built once: chevrotain's docs warn that a fresh alternatives array per call is slow.
          const alternatives = ops.map((t) => ({ ALT: () => $.CONSUME(t) }));
          $.RULE(`level${i}`, () => {
            $.SUBRULE(rule(next));
            $.MANY(() => {
              $.OR(alternatives);
              $.SUBRULE2(rule(next));
            });
          });
        });
        $.RULE('expr', () => {
          $.SUBRULE(rule('level0'));
        });
        $.RULE('factor', () => {
          $.OR([
            {
              ALT: () => {
                $.CONSUME(lparen);
                $.SUBRULE(rule('expr'));
                $.CONSUME(rparen);
              },
            },
            {
              ALT: () => {
                $.CONSUME(number);
              },
            },
            {
              ALT: () => {
                $.CONSUME(ident);
                $.OPTION(() => {
                  $.CONSUME2(lparen);
                  $.MANY_SEP({ SEP: comma, DEF: () => $.SUBRULE2(rule('expr')) });
                  $.CONSUME2(rparen);
                });
              },
            },
          ]);
        });
        $.RULE('stmt', () => {
          $.CONSUME2(ident);
          $.CONSUME(assign);
          $.SUBRULE3(rule('expr'));
          $.CONSUME(semi);
        });
        $.RULE('program', () => {
          $.MANY2(() => $.SUBRULE(rule('stmt')));
        });
        this.performSelfAnalysis();
      }
    }
    parser = new EvalParser();
  };
  const run = (text: string): CstNode => {
    if (!lexer || !parser) throw new Error('not built');
    parser.input = lexer.tokenize(text).tokens;
    return parser.program();
  };
  return {
    name: 'chevrotain 11',
    build,
    parse: (text) => {
      run(text);
    },
    recovered: () => {
      const tree = run(broken);
      const stmts = (tree.children['stmt'] ?? []) as CstNode[];
      // The bad statement itself may come back repaired; count only the good ones.
      return stmts.filter(
        (s) => !s.recoveredNode && (s.children['Ident'] as { image: string }[] | undefined)?.[0]?.image !== 'v4',
      ).length;
    },
    reparseAfterEdit: () => {
      run(edited);
    },
  };
}

function lezerCandidate(): Candidate {
  const source = String.raw`
    @precedence { mul @left, add @left }
    @top Program { Stmt* }
    Stmt { Ident ":=" expr ";" }
    expr { Ident | Number | Call | "(" expr ")" | Binary }
    Call { Ident "(" (expr ("," expr)*)? ")" }
    Binary { expr !add ("+" | "-") expr | expr !mul ("*" | "/") expr }
    @skip { space }
    @tokens {
      Ident { @asciiLetter (@asciiLetter | @digit)* }
      Number { @digit+ }
      space { @whitespace+ }
      "(" ")" "," ";" ":=" "+" "-" "*" "/"
    }`;
  let parser: ReturnType<typeof buildParser> | undefined;
  let tree: Tree | undefined;
  const run = (text: string, fragments?: readonly TreeFragment[]): Tree => {
    if (!parser) throw new Error('not built');
    return parser.parse(text, fragments);
  };
  return {
    name: 'lezer 1 (generator at run time)',
    build: () => {
      parser = buildParser(source);
    },
    parse: (text) => {
      run(text);
    },
    recovered: () => {
      let good = 0;
      run(broken).iterate({
        enter: (n) => {
          if (n.name !== 'Stmt') return undefined;
          let bad = broken.startsWith('v4 ', n.from);
          n.node.toTree().iterate({
            enter: (c) => {
              if (c.type.isError) bad = true;
            },
          });
          if (!bad) good++;
          return false;
        },
      });
      return good;
    },
    reparseAfterEdit: () => {
      tree ??= run(big);
      const fragments = TreeFragment.applyChanges(TreeFragment.addTree(tree), [
        { fromA: editAt, toA: editAt + 1, fromB: editAt, toB: editAt + 1 },
      ]);
      run(edited, fragments);
    },
  };
}

const rows: string[] = [];
for (const make of [ohmCandidate, peggyCandidate, chevrotainCandidate, lezerCandidate]) {
  const builds: number[] = [];
  const firstParses: number[] = [];
  const parses: number[] = [];
  const reparses: number[] = [];
  let candidate = make();
  for (let r = 0; r < ROUNDS; r++) {
    candidate = make();
    builds.push(time(() => candidate.build()));
    firstParses.push(time(() => candidate.parse(big)));
    parses.push(time(() => candidate.parse(big)));
    candidate.reparseAfterEdit(); // untimed: builds the tree or memo the edit re-uses
    reparses.push(time(() => candidate.reparseAfterEdit()));
  }
  const row = [candidate.name, median(builds), median(firstParses), median(parses), median(reparses)].map((v) =>
    typeof v === 'number' ? v.toFixed(1) : v,
  );
  rows.push(`| ${row.join(' | ')} | ${candidate.recovered()}/8 |`);
}
console.log(
  `Node ${process.version}, ${LINES} lines (${(big.length / 1024).toFixed(0)} KiB), medians of ${ROUNDS} rounds\n`,
);
console.log(
  '| library | build ms | first parse of 10k lines ms | next parse ms | re-parse after 1-char edit ms | good statements kept around 1 bad line |',
);
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
