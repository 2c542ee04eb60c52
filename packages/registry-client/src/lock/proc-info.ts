import { readFileSync } from 'node:fs';

/**
 * When a process started, in clock ticks since boot (field 22 of /proc/<pid>/stat), so a
 * pid that a new process reuses can be told from the one that took a lock. `undefined`
 * when no process has the pid; `'unknown'` when there is no /proc to ask (macOS, Windows).
 */
export function readStartTicks(pid: number): number | undefined | 'unknown' {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return procMounted() ? undefined : 'unknown';
    return 'unknown';
  }
  // Field 2 is the command name in parentheses and may itself hold spaces and ')': count
  // from the last ')', after which field 3 comes.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[22 - 3]);
  return Number.isSafeInteger(ticks) && ticks >= 0 ? ticks : 'unknown';
}

/** This boot of the machine (Linux); a lock taken before a restart names another. */
export function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function procMounted(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}
