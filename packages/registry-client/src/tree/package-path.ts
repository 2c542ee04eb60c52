import { lstat, mkdir, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { PcError } from '@parsercraft/core';
import { RegistryCodes } from '../errors/registry-codes.js';

/**
 * The folder `name` is unpacked into under `root`, made sure to be inside it. This does not
 * trust name validation (checkPackageName) to have run: the name must be one segment or
 * `@scope/name`, neither `.`/`..` nor absolute, and on disk the folder it lands in must be
 * `root` itself or a real scope folder directly in it, found by realpath with every link
 * followed, so no crafted name and no link planted in the tree leads a write elsewhere.
 * Creates the scope folder when needed; the package folder itself must not exist as a link.
 */
export async function packageFolder(root: string, name: string): Promise<string> {
  const segments = name.split('/');
  const lexicalOk =
    !isAbsolute(name) &&
    !name.includes('\\') &&
    !name.includes('\0') &&
    (segments.length === 1 || (segments.length === 2 && segments[0]?.startsWith('@'))) &&
    segments.every((s) => s !== '' && s !== '.' && s !== '..' && s !== '@' && s !== '@.' && s !== '@..');
  if (!lexicalOk) throw escape(root, name, 'the name is not one folder or @scope/folder');
  const target = join(root, ...segments);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw escape(root, name, 'the path leaves the folder');

  const realRoot = await realpath(root);
  const parent = segments.length === 2 ? join(root, segments[0] as string) : root;
  if (parent !== root) {
    await mkdir(parent, { recursive: true });
    const info = await lstat(parent);
    if (!info.isDirectory())
      throw escape(root, name, `its scope folder is a ${info.isSymbolicLink() ? 'link' : 'file'}`);
  }
  const realParent = await realpath(parent);
  const expected = parent === root ? realRoot : join(realRoot, segments[0] as string);
  if (realParent !== expected) throw escape(root, name, `its folder resolves to ${realParent}`);
  const existing = await lstat(target).catch(() => undefined);
  if (existing?.isSymbolicLink()) throw escape(root, name, 'its folder is a link');
  return target;
}

/** Whether `path`, links followed, lies inside `root` (links followed). */
export async function isInside(root: string, path: string): Promise<boolean> {
  const [realRoot, realPath] = await Promise.all([realpath(root), realpath(path)]);
  return realPath === realRoot || realPath.startsWith(`${realRoot}${sep}`);
}

function escape(root: string, name: string, why: string): PcError {
  return new PcError(
    RegistryCodes.PC_REGISTRY_UNSAFE_PATH,
    `Refused to write package ${JSON.stringify(name)} under ${root}: ${why}.`,
    { context: { name, root, reason: why } },
  );
}
