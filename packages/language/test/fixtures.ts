import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ParserCraft's own examples (MIT, see test/fixtures/parsercraft/LICENSE), copied into the repo. */
export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/parsercraft/', import.meta.url));

export const configPath = (name: string): string => `${FIXTURES}configs/${name}`;
export const program = (path: string): string => readFileSync(`${FIXTURES}programs/${path}`, 'utf8');
