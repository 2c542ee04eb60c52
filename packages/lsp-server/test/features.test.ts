import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentHighlightRequest,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  SignatureHelpRequest,
  type CompletionItem,
  type Diagnostic,
  type MarkupContent,
  type Position,
  type SemanticTokens,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest } from './lsp-client.js';
import { removeWorkspaces, workspace } from './workspace.js';

const PROGRAM = `PROGRAM Demo;
TYPE
  Point = RECORD x, y: INTEGER; END;
VAR
  total: INTEGER;
  p: Point;
FUNCTION Add(a: INTEGER; b: INTEGER): INTEGER;
VAR sum: INTEGER;
BEGIN
  sum := a + b;
  Add := sum
END;
BEGIN
  total := Add(1, 2);
  p.x := total;
  WriteLn('total is ', total)
END.`;

/** The position of the `nth` occurrence of `needle` in `text`, plus `shift` characters. */
function at(text: string, needle: string, nth = 0, shift = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`'${needle}' occurs fewer than ${nth + 1} times`);
  }
  const before = text.slice(0, offset + shift);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

describe('quick fixes after the text moved on', () => {
  const text = 'PROGRAM Q;\nVAR count: INTEGER;\nBEGIN\n  count := 1;\n  WriteLn(cuont)\nEND.';
  const change = (name: string, version: number, range: Diagnostic['range'], newText: string): Promise<void> =>
    server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uri(name), version },
      contentChanges: [{ range, text: newText }],
    });
  const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

  it('a fix asked for with the diagnostic the client moved lands on the name in the current text', async () => {
    await server.open(uri('moved.pas'), 'pascal', text);
    const { diagnostics } = await server.diagnostics(uri('moved.pas'));
    // Two lines typed above, and no wait for new diagnostics: the editor moves the old ones itself.
    await change('moved.pas', 2, top, '// one\n// two\n');
    const moved = diagnostics.map((d) => ({
      ...d,
      range: {
        start: { ...d.range.start, line: d.range.start.line + 2 },
        end: { ...d.range.end, line: d.range.end.line + 2 },
      },
    }));
    const actions = await server.connection.sendRequest(CodeActionRequest.type, {
      ...doc('moved.pas'),
      range: moved[0]?.range as Diagnostic['range'],
      context: { diagnostics: moved },
    });
    const action = actions?.[0] as { edit: { changes: Record<string, TextEdit[]> } };
    expect(apply(`// one\n// two\n${text}`, action.edit.changes[uri('moved.pas')] ?? [])).toBe(
      `// one\n// two\n${text.replace('cuont', 'count')}`,
    );
  });

  it('a client that checks versions gets the fix as a documentChange naming the version it is for', async () => {
    const versioned = await startServer(root, {
      capabilities: { workspace: { workspaceEdit: { documentChanges: true } } },
    });
    try {
      await versioned.open(uri('versioned.pas'), 'pascal', text);
      const { diagnostics } = await versioned.diagnostics(uri('versioned.pas'));
      await versioned.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: uri('versioned.pas'), version: 7 },
        contentChanges: [{ range: top, text: '// moved\n' }],
      });
      const [action] =
        (await versioned.connection.sendRequest(CodeActionRequest.type, {
          ...doc('versioned.pas'),
          range: top,
          context: { diagnostics },
        })) ?? [];
      expect(action).toMatchObject({
        edit: {
          documentChanges: [
            {
              textDocument: { uri: uri('versioned.pas'), version: 7 },
              edits: [
                { range: { start: { line: 5, character: 10 }, end: { line: 5, character: 15 } }, newText: 'count' },
              ],
            },
          ],
        },
      });
    } finally {
      versioned.kill();
    }
  });

  it('a fix whose text was edited since is left out', async () => {
    await server.open(uri('edited.pas'), 'pascal', text);
    const { diagnostics } = await server.diagnostics(uri('edited.pas'));
    // The user retypes the misspelt name: the fix's edit would overwrite what they typed.
    await change('edited.pas', 2, { start: { line: 4, character: 10 }, end: { line: 4, character: 12 } }, 'xy');
    const actions = await server.connection.sendRequest(CodeActionRequest.type, {
      ...doc('edited.pas'),
      range: diagnostics[0]?.range as Diagnostic['range'],
      context: { diagnostics },
    });
    expect(actions).toEqual([]);
  });
});

function apply(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: Position): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .map((e) => ({ from: offset(e.range.start), to: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.from - a.from)
    .reduce((t, e) => t.slice(0, e.from) + e.text + t.slice(e.to), text);
}

let server: ServerUnderTest;
let root: string;
const uri = (name: string): string => `file://${root}/${name}`;
const doc = (name: string): { textDocument: { uri: string } } => ({ textDocument: { uri: uri(name) } });

beforeAll(async () => {
  root = workspace();
  server = await startServer(root, {
    capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } },
  });
  await server.open(uri('demo.pas'), 'pascal', PROGRAM);
  await server.diagnostics(uri('demo.pas'));
});
afterAll(() => {
  server.kill();
  removeWorkspaces();
});

describe('navigation', () => {
  it('hover shows the declaration of a name, a keyword and a configured function', async () => {
    const hover = (p: Position): Promise<string | undefined> =>
      server.connection
        .sendRequest(HoverRequest.type, { ...doc('demo.pas'), position: p })
        .then((h) => (h?.contents as MarkupContent | undefined)?.value);
    expect(await hover(at(PROGRAM, 'total', 1, 2))).toBe('```\n(variable) total: INTEGER\n```\n\nDeclared on line 5.');
    expect(await hover(at(PROGRAM, 'Add(1'))).toContain('FUNCTION Add(a: INTEGER; b: INTEGER): INTEGER');
    expect(await hover(at(PROGRAM, 'BEGIN', 1, 1))).toContain('(keyword) BEGIN');
    expect(await hover(at(PROGRAM, 'WriteLn', 0, 3))).toContain('Write line to output');
    // Inside a string: nothing, even over a word.
    expect(await hover(at(PROGRAM, "'total is", 0, 2))).toBeUndefined();
  });

  it('definition, references and highlights of a local variable', async () => {
    const position = at(PROGRAM, 'sum', 2, 1);
    const definition = await server.connection.sendRequest(DefinitionRequest.type, { ...doc('demo.pas'), position });
    expect(definition).toEqual({
      uri: uri('demo.pas'),
      range: { start: at(PROGRAM, 'sum'), end: at(PROGRAM, 'sum', 0, 3) },
    });
    const refs = await server.connection.sendRequest(ReferencesRequest.type, {
      ...doc('demo.pas'),
      position,
      context: { includeDeclaration: false },
    });
    expect(refs?.map((r) => r.range.start)).toEqual([at(PROGRAM, 'sum', 1), at(PROGRAM, 'sum', 2)]);
    const highlights = await server.connection.sendRequest(DocumentHighlightRequest.type, {
      ...doc('demo.pas'),
      position,
    });
    expect(highlights?.map((h) => h.kind)).toEqual([3, 3, 2]);
  });

  it('document symbols nest locals and fields under their routine and record', async () => {
    const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, doc('demo.pas'));
    const brief = (s: { name: string; children?: unknown[] }): unknown =>
      s.children?.length ? [s.name, (s.children as { name: string }[]).map(brief)] : s.name;
    expect(symbols?.map((s) => brief(s as { name: string }))).toEqual([
      ['Demo', [['Point', ['x', 'y']], 'total', 'p', ['Add', ['sum']]]],
    ]);
  });
});

describe('completion and signatures', () => {
  const complete = (text: string, p: Position): Promise<CompletionItem[]> =>
    server.connection
      .sendRequest(CompletionRequest.type, { textDocument: { uri: uri(text) }, position: p })
      .then((r) => (Array.isArray(r) ? r : (r?.items ?? [])));

  it('inside a routine: its locals and parameters, the globals, the functions and the keywords', async () => {
    const labels = (await complete('demo.pas', at(PROGRAM, 'sum := a'))).map((i) => i.label);
    expect(labels).toEqual(
      expect.arrayContaining(['sum', 'a', 'b', 'total', 'p', 'Add', 'Point', 'WriteLn', 'BEGIN', 'WHILE']),
    );
    const outside = (await complete('demo.pas', at(PROGRAM, 'total := Add'))).map((i) => i.label);
    expect(outside).not.toContain('sum');
    const add = (await complete('demo.pas', at(PROGRAM, 'total := Add'))).find((i) => i.label === 'Add');
    expect(add).toMatchObject({
      kind: 3,
      detail: 'FUNCTION Add(a: INTEGER; b: INTEGER): INTEGER',
      insertText: 'Add($0)',
      insertTextFormat: 2,
    });
  });

  it('after a dot: the fields of the record, and nothing in a string', async () => {
    expect((await complete('demo.pas', at(PROGRAM, 'p.x', 0, 2))).map((i) => [i.label, i.kind])).toEqual([
      ['x', 5],
      ['y', 5],
    ]);
    expect(await complete('demo.pas', at(PROGRAM, "'total is", 0, 3))).toEqual([]);
  });

  it('after a dot on a protocol-typed name: its members, inherited ones included', async () => {
    const text = `PROGRAM S;
TYPE
  Named = PROTOCOL READONLY name: STRING; END;
  Shape = PROTOCOL EXTENDS Named FUNCTION area(): REAL; END;
VAR s: Shape;
BEGIN
  WriteLn(s.area())
END.`;
    await server.open(uri('members.shp'), 'shapes', text);
    await server.diagnostics(uri('members.shp'));
    const items = await complete('members.shp', at(text, 's.area', 0, 2));
    expect(items.map((i) => [i.label, i.kind])).toEqual([
      ['area', 2],
      ['name', 5],
    ]);
  });

  it('signature help names the parameter the cursor is in, for routines and configured functions', async () => {
    const help = await server.connection.sendRequest(SignatureHelpRequest.type, {
      ...doc('demo.pas'),
      position: at(PROGRAM, 'Add(1, 2)', 0, 7),
    });
    expect(help?.signatures[0]?.label).toBe('Add(a: INTEGER; b: INTEGER): INTEGER');
    expect(help?.activeParameter).toBe(1);
    const [from, to] = help?.signatures[0]?.parameters?.[1]?.label as [number, number];
    expect(help?.signatures[0]?.label.slice(from, to)).toBe('b: INTEGER');
    const builtin = await server.connection.sendRequest(SignatureHelpRequest.type, {
      ...doc('demo.pas'),
      position: at(PROGRAM, "'total is ', ", 0, 13),
    });
    expect(builtin?.signatures[0]).toMatchObject({
      label: 'WriteLn(arg1?, ...)',
      documentation: 'Write line to output',
    });
    expect(builtin?.activeParameter).toBe(1);
  });
});

describe("Free Pascal's System routines and a function's Result", () => {
  const text = `PROGRAM Sys;
VAR i: INTEGER;
FUNCTION Next(n: INTEGER): INTEGER;
BEGIN
  Result := Succ(n)
END;
BEGIN
  i := Ord('A');
  Inc(i);
  WriteLn(Next(i))
END.`;
  const hover = (p: Position): Promise<string | undefined> =>
    server.connection
      .sendRequest(HoverRequest.type, { ...doc('system.pas'), position: p })
      .then((h) => (h?.contents as MarkupContent | undefined)?.value);
  const complete = (p: Position): Promise<CompletionItem[]> =>
    server.connection
      .sendRequest(CompletionRequest.type, { ...doc('system.pas'), position: p })
      .then((r) => (Array.isArray(r) ? r : (r?.items ?? [])));

  it('are clean, and hover like configured functions, with their signature', async () => {
    await server.open(uri('system.pas'), 'pascal', text);
    expect((await server.diagnostics(uri('system.pas'))).diagnostics).toEqual([]);
    expect(await hover(at(text, 'Inc', 0, 1))).toBe(
      [
        '```\n(built-in function) Inc(VAR x: ordinal [; n: INTEGER])\n```',
        'Adds 1, or n, to an ordinal variable.',
        "Predeclared, as in Free Pascal's System unit (`inc`).",
      ].join('\n\n'),
    );
    expect(await hover(at(text, 'Result', 0, 2))).toBe(
      [
        '```\n(variable) Result: INTEGER\n```',
        "The result of function 'Next': what it holds when the function ends is what it returns.",
      ].join('\n\n'),
    );
  });

  it('complete like configured functions; Result only inside the function', async () => {
    const inside = await complete(at(text, 'Result :='));
    const ord = inside.find((c) => c.label === 'Ord');
    expect(ord).toMatchObject({ kind: 3, detail: 'Ord(x: ordinal): INTEGER', insertText: 'Ord($0)' });
    expect(inside.find((c) => c.label === 'Result')).toMatchObject({ kind: 6, detail: 'Result: INTEGER' });
    const outside = await complete(at(text, 'i := Ord'));
    expect(outside.map((c) => c.label)).toEqual(expect.arrayContaining(['Ord', 'Inc', 'Copy', 'High']));
    expect(outside.map((c) => c.label)).not.toContain('Result');
  });
});

describe('editing', () => {
  it('rename changes every occurrence; keywords, clashes and configured functions are refused', async () => {
    const prepared = await server.connection.sendRequest(PrepareRenameRequest.type, {
      ...doc('demo.pas'),
      position: at(PROGRAM, 'total', 2),
    });
    expect(prepared).toEqual({
      range: { start: at(PROGRAM, 'total', 2), end: at(PROGRAM, 'total', 2, 5) },
      placeholder: 'total',
    });
    const edit = await server.connection.sendRequest(RenameRequest.type, {
      ...doc('demo.pas'),
      position: at(PROGRAM, 'total', 2),
      newName: 'grandTotal',
    });
    const renamed = apply(PROGRAM, edit?.changes?.[uri('demo.pas')] ?? []);
    expect(renamed.match(/grandTotal/g)).toHaveLength(4);
    expect(renamed).toContain("WriteLn('total is ', grandTotal)");
    const refused = (newName: string, position = at(PROGRAM, 'total', 2)): Promise<unknown> =>
      server.connection.sendRequest(RenameRequest.type, { ...doc('demo.pas'), position, newName }).then(
        () => 'renamed',
        (e: Error) => e.message,
      );
    expect(await refused('BEGIN')).toBe("'BEGIN' is a keyword of this language.");
    expect(await refused('p')).toBe("'p' is already declared in the same scope.");
    expect(await refused('1st')).toBe("'1st' is not a valid name.");
    await expect(
      server.connection.sendRequest(PrepareRenameRequest.type, {
        ...doc('demo.pas'),
        position: at(PROGRAM, 'WriteLn'),
      }),
    ).rejects.toThrow("'WriteLn' is provided by the language config and cannot be renamed here.");
  });

  it('formatting tidies whitespace and never touches a string', async () => {
    const text = "PROGRAM F;   \nBEGIN\n\tWriteLn('keep   these\tspaces   ');  \nEND.";
    await server.open(uri('format.pas'), 'pascal', text);
    const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, {
      ...doc('format.pas'),
      options: { tabSize: 2, insertSpaces: true, insertFinalNewline: true },
    });
    expect(apply(text, edits ?? [])).toBe("PROGRAM F;\nBEGIN\n  WriteLn('keep   these\tspaces   ');\nEND.\n");
  });

  it('quick fixes: a similar name for an undefined one, and missing protocol members', async () => {
    const text = 'PROGRAM Q;\nVAR count: INTEGER;\nBEGIN\n  count := 1;\n  WriteLn(cuont)\nEND.';
    await server.open(uri('fix.pas'), 'pascal', text);
    const { diagnostics } = await server.diagnostics(uri('fix.pas'));
    const actions = await server.connection.sendRequest(CodeActionRequest.type, {
      ...doc('fix.pas'),
      range: diagnostics[0]?.range ?? { start: at(text, 'cuont'), end: at(text, 'cuont') },
      context: { diagnostics },
    });
    expect(actions).toEqual([
      expect.objectContaining({ title: "Change to 'count'", kind: 'quickfix', isPreferred: true }),
    ]);
    const action = actions?.[0] as { edit: { changes: Record<string, TextEdit[]> } };
    expect(apply(text, action.edit.changes[uri('fix.pas')] ?? [])).toContain('WriteLn(count)');

    const shapes =
      'PROGRAM S;\nTYPE\n  Named = PROTOCOL READONLY name: STRING; END;\n  Blob = RECORD IMPLEMENTS Named\n    size: REAL;\n  END;\nBEGIN END.';
    await server.open(uri('fix.shp'), 'shapes', shapes);
    const found = (await server.diagnostics(uri('fix.shp'))).diagnostics;
    const [add] =
      (await server.connection.sendRequest(CodeActionRequest.type, {
        ...doc('fix.shp'),
        range: found[0]?.range as Diagnostic['range'],
        context: { diagnostics: found },
      })) ?? [];
    expect(add).toMatchObject({ title: 'Add missing member name to Blob' });
    expect(
      apply(shapes, (add as { edit: { changes: Record<string, TextEdit[]> } }).edit.changes[uri('fix.shp')] ?? []),
    ).toContain('    size: REAL;\n    name: STRING;\n  END;');
  });
});

describe('semantic tokens', () => {
  /** Decoded tokens as `line:char text type [modifiers]`. */
  const decode = (tokens: SemanticTokens, text: string, types: string[], modifiers: string[]): string[] => {
    const lines = text.split('\n');
    const out: string[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, len, type, mods] = tokens.data.slice(i, i + 5) as [number, number, number, number, number];
      line += dl;
      char = dl === 0 ? char + dc : dc;
      const names = modifiers.filter((_, bit) => mods & (1 << bit));
      out.push(
        `${line}:${char} ${lines[line]?.slice(char, char + len)} ${types[type]}${names.length ? ` [${names.join(',')}]` : ''}`,
      );
    }
    return out;
  };
  const legend = {
    types: [
      'namespace',
      'type',
      'struct',
      'interface',
      'parameter',
      'variable',
      'property',
      'function',
      'keyword',
      'comment',
      'string',
      'number',
      'operator',
      'label',
    ],
    modifiers: ['declaration', 'readonly', 'defaultLibrary', 'modification'],
  };

  it('full: keywords, names by what they are, strings and numbers, with declaration and write modifiers', async () => {
    const tokens = await server.connection.sendRequest(SemanticTokensRequest.type, doc('demo.pas'));
    const decoded = decode(tokens as SemanticTokens, PROGRAM, legend.types, legend.modifiers);
    expect(decoded.slice(0, 3)).toEqual([
      '0:0 PROGRAM keyword',
      '0:8 Demo namespace [declaration]',
      '1:0 TYPE keyword',
    ]);
    expect(decoded).toEqual(
      expect.arrayContaining([
        '2:2 Point struct [declaration]',
        '2:17 x property [declaration]',
        '6:9 Add function [declaration]',
        '6:13 a parameter [declaration]',
        '13:2 total variable [modification]',
        '13:11 Add function',
        '13:15 1 number',
        '15:2 WriteLn function [defaultLibrary]',
        "15:10 'total is ' string",
      ]),
    );
  });

  it('a comment over CRLF lines is one token per line, none of them holding the \\r', async () => {
    const text = 'PROGRAM C;\r\n(* one\r\ntwo *)\r\nBEGIN\r\n  WriteLn(1)\r\nEND.';
    await server.open(uri('crlf.pas'), 'pascal', text);
    await server.diagnostics(uri('crlf.pas'));
    const tokens = (await server.connection.sendRequest(SemanticTokensRequest.type, doc('crlf.pas'))) as SemanticTokens;
    // Decoded against the text split at CRLF: a length counting the \r would show it.
    const decoded = decode(tokens, text.replaceAll('\r\n', '\n'), legend.types, legend.modifiers);
    expect(decoded.slice(0, 4)).toEqual([
      '0:0 PROGRAM keyword',
      '0:8 C namespace [declaration]',
      '1:0 (* one comment',
      '2:0 two *) comment',
    ]);
    const lines = text.split('\r\n');
    let line = 0;
    let char = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, length] = tokens.data.slice(i, i + 5) as [number, number, number];
      line += dl;
      char = dl === 0 ? char + dc : dc;
      expect(char + length).toBeLessThanOrEqual(lines[line]?.length ?? 0);
    }
  });

  it('range: only the tokens of the lines asked for', async () => {
    const tokens = await server.connection.sendRequest(SemanticTokensRangeRequest.type, {
      ...doc('demo.pas'),
      range: { start: { line: 14, character: 0 }, end: { line: 15, character: 0 } },
    });
    expect(decode(tokens as SemanticTokens, PROGRAM, legend.types, legend.modifiers)).toEqual([
      '14:2 p variable [modification]',
      '14:4 x property [modification]',
      '14:6 := operator',
      '14:9 total variable',
    ]);
  });
});

describe('C generation command', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pc-lsp-c-'));
  });
  afterEach(() => undefined);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parsercraft.generateC returns C that a real cc compiles and that prints what the program says', async () => {
    const result = (await server.connection.sendRequest(ExecuteCommandRequest.type, {
      command: 'parsercraft.generateC',
      arguments: [{ uri: uri('demo.pas') }],
    })) as { c: string | null };
    expect(result.c).toContain('int main');
    writeFileSync(join(dir, 'demo.c'), result.c ?? '');
    execFileSync('cc', ['-std=c99', '-Wall', '-o', join(dir, 'demo'), join(dir, 'demo.c'), '-lm']);
    expect(execFileSync(join(dir, 'demo'), { encoding: 'utf8' })).toBe('total is 3\n');
  });

  it('an unknown command or a document that is not open is a classified refusal, and the server keeps serving', async () => {
    await expect(
      server.connection.sendRequest(ExecuteCommandRequest.type, { command: 'parsercraft.nope', arguments: [] }),
    ).rejects.toThrow("Unknown command 'parsercraft.nope'.");
    await expect(
      server.connection.sendRequest(ExecuteCommandRequest.type, {
        command: 'parsercraft.generateC',
        arguments: [uri('closed.pas')],
      }),
    ).rejects.toThrow(/is not open/);
    expect(
      await server.connection.sendRequest(HoverRequest.type, { ...doc('demo.pas'), position: at(PROGRAM, 'total', 1) }),
    ).not.toBeNull();
  });
});
