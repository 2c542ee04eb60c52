import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LanguageResolver } from '@parsercraft/lsp-server';
import { CONFIGS, removeWorkspaces, workspace } from './workspace.js';

afterAll(() => removeWorkspaces());

describe('LanguageResolver', () => {
  it("parsercraft.json first, then a config's own file extension, then the client's settings", async () => {
    const root = workspace();
    cpSync(join(CONFIGS, 'timewarp_templecode.yaml'), join(root, 'temple.yaml'));
    cpSync(join(CONFIGS, 'basic_like.yaml'), join(root, 'basic.yaml'));
    // The project names TempleCode without extensions: its config's metadata claims .ret.
    writeFileSync(
      join(root, 'parsercraft.json'),
      JSON.stringify({
        languages: { pascal: { config: 'pascal.yaml', extensions: ['.pas'] }, temple: { config: 'temple.yaml' } },
      }),
    );
    const resolver = new LanguageResolver(root);
    // The client would map .ret and .pas to BASIC, and adds .bas: only .bas is left for it.
    const changed = await resolver.reload({
      basic: { config: join(root, 'basic.yaml'), extensions: ['.ret', '.pas', '.bas'] },
    });
    expect(changed).toBe(true);
    const idOf = (file: string): string | undefined => resolver.languageOf(`file://${root}/${file}`)?.id;
    expect([idOf('a.pas'), idOf('b.ret'), idOf('c.bas'), idOf('d.txt')]).toEqual([
      'pascal',
      'temple',
      'basic',
      undefined,
    ]);
    expect(resolver.languageOf(`file://${root}/b.ret`)?.origin).toBe('parsercraft.json (config metadata)');
    // Reading the same again changes nothing.
    expect(
      await resolver.reload({ basic: { config: join(root, 'basic.yaml'), extensions: ['.ret', '.pas', '.bas'] } }),
    ).toBe(false);
  });

  it('a broken parsercraft.json is a problem to report, not a crash; settings still apply', async () => {
    const root = workspace();
    writeFileSync(join(root, 'parsercraft.json'), '{ "languages": ');
    const resolver = new LanguageResolver(root);
    await resolver.reload({ pascal: { config: join(root, 'pascal.yaml'), extensions: ['.pas'] } });
    expect(resolver.problems[0]?.message).toMatch(/^parsercraft\.json is not valid JSON: /);
    expect(resolver.languageOf(`file://${root}/a.pas`)?.id).toBe('pascal');
  });
});
