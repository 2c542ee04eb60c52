import { join } from 'node:path';

/**
 * `@parsercraft/registry-client/layout`: where a project's files are, by name only. A
 * language server that merely reads a project imports this, and loads the HTTP client and
 * the rest of this package only when it really installs.
 */
export const PROJECT_FILE = 'parsercraft.json';
export const LOCKFILE = 'parsercraft-lock.json';
/** Where installed packages are unpacked, one folder per package name. */
export const packagesDir = (projectDir: string): string => join(projectDir, '.parsercraft', 'packages');
