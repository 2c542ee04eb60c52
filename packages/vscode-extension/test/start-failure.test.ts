import { describe, expect, it } from 'vitest';
import { describeStartFailure } from '../src/client/start-failure.js';

describe('a failed start, as the user is told it', () => {
  it("takes the classified code and runbook entry from the server's error data", () => {
    const error = Object.assign(new Error('The workspace config cannot be read.'), {
      code: -32603,
      data: { code: 'PC_FS_NOT_FOUND', runbook: 'RUNBOOK.md#pc_fs_not_found' },
    });
    expect(describeStartFailure(error)).toEqual({
      message: 'The workspace config cannot be read.',
      code: 'PC_FS_NOT_FOUND',
      runbook: 'RUNBOOK.md#pc_fs_not_found',
    });
  });

  it('a server that never answered, or data that is not ours, gives the message alone', () => {
    expect(describeStartFailure(new Error('spawn node ENOENT'))).toEqual({ message: 'spawn node ENOENT' });
    expect(describeStartFailure(Object.assign(new Error('x'), { data: { code: 'not a code' } }))).toEqual({
      message: 'x',
    });
    expect(describeStartFailure('plain text')).toEqual({ message: 'plain text' });
    expect(describeStartFailure(undefined)).toEqual({ message: 'unknown error' });
  });
});
