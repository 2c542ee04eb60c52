/** Ten minutes: longer than any honest install of a project, short enough that CI gets an answer. */
export const DEFAULT_LOCK_WAIT_MS = 10 * 60_000;

export interface ProcessLockOptions {
  readonly signal?: AbortSignal | undefined;
  /** How long to wait for a live holder before failing with PC_REGISTRY_INSTALL_LOCKED. Default 10 minutes. */
  readonly waitMs?: number | undefined;
  /** Told, as a line for people, when a wait for a live holder starts and again every `reportEveryMs`. */
  readonly onWaiting?: ((message: string) => void) | undefined;
  /** Default 5 s. */
  readonly reportEveryMs?: number | undefined;
}
