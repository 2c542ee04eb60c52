import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONFIGS = fileURLToPath(new URL('../../../test/fixtures/parsercraft/configs/', import.meta.url));
export const PROTOCOL_CONFIG = fileURLToPath(
  new URL('../../language/test/fixtures/protocols/shapes_en.yaml', import.meta.url),
);

const dirs: string[] = [];

/** A workspace whose parsercraft.json maps .pas to the Pascal config and .shp to the protocol one. */
export function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pc-lsp-'));
  dirs.push(dir);
  cpSync(join(CONFIGS, 'pascal_like.yaml'), join(dir, 'pascal.yaml'));
  writeFileSync(
    join(dir, 'parsercraft.json'),
    JSON.stringify({
      languages: {
        pascal: { config: 'pascal.yaml', extensions: ['.pas'] },
        shapes: { config: PROTOCOL_CONFIG, extensions: ['.shp'] },
      },
    }),
  );
  return dir;
}

export function removeWorkspaces(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
