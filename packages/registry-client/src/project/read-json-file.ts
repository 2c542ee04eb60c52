import { classify, PcError, type ErrorCodeSpec } from '@parsercraft/core';
import type { z } from 'zod';
import { readRegularFile } from '../fs/read-regular-file.js';
import { refuseProtoKeys } from '../util/refuse-proto-keys.js';

/**
 * Reads a project's JSON file and validates it: unreadable, malformed and invalid all
 * become `code`, with every schema problem listed by path. A missing file is `undefined`
 * when `missing` says so (a project without a lockfile yet), else an error too.
 */
export async function readJsonFile<S extends z.ZodType>(
  path: string,
  schema: S,
  code: ErrorCodeSpec,
  missing: 'error',
): Promise<z.infer<S>>;
export async function readJsonFile<S extends z.ZodType>(
  path: string,
  schema: S,
  code: ErrorCodeSpec,
  missing: 'undefined',
): Promise<z.infer<S> | undefined>;
export async function readJsonFile<S extends z.ZodType>(
  path: string,
  schema: S,
  code: ErrorCodeSpec,
  missing: 'undefined' | 'error',
): Promise<z.infer<S> | undefined> {
  let text: string;
  try {
    text = await readRegularFile(path);
  } catch (error) {
    const cause = classify(error);
    if (missing === 'undefined' && cause.code === 'PC_FS_NOT_FOUND') return undefined;
    throw new PcError(code, `Cannot read ${path}: ${cause.message}`, { cause, context: { path } });
  }
  let json: unknown;
  try {
    json = JSON.parse(text, refuseProtoKeys);
  } catch (error) {
    if (PcError.is(error)) throw new PcError(code, `${path} ${error.message}`, { context: { path } });
    throw new PcError(code, `${path} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
      context: { path },
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new PcError(code, `${path} is invalid: ${problems.join('; ')}`, { context: { path, problems } });
  }
  return parsed.data;
}
