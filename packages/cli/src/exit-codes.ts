/**
 * Exit codes, the same for every command so CI scripts can rely on them:
 * 0 all is well; 1 the command worked and found problems (errors in checked files, a
 * degraded setup); 2 it could not do its job (bad usage, unreadable input, broken config,
 * an unhealthy setup).
 */
export const EXIT = { ok: 0, problems: 1, failed: 2 } as const;
