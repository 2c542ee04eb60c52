/** What a request is for: a package's metadata, or one version's tarball. */
export type FetchTarget = 'packument' | 'tarball';

/** Which request an event is about. */
export interface FetchSubject {
  readonly what: FetchTarget;
  /** A name for packuments, name@version for tarballs. */
  readonly package: string;
  readonly url: string;
}

/**
 * What the fetcher is waiting for, as it happens, so a slow or failing registry is visible
 * while it is slow, not only when the install gives up. Every `request` is followed by
 * one `request-done` for its call, after its last attempt.
 */
export type FetchProgress =
  | (FetchSubject & {
      readonly phase: 'request';
      /** 1 for the first attempt. */
      readonly attempt: number;
      /** How many the plan allows the call now. */
      readonly attempts: number;
    })
  | (FetchSubject & {
      readonly phase: 'retry';
      /** The attempt that failed. */
      readonly attempt: number;
      readonly attempts: number;
      /** The pause before the next attempt (at least the server's Retry-After). */
      readonly delayMs: number;
      readonly code: string;
      readonly retryAfterMs?: number;
    })
  | (FetchSubject & {
      /** The registry said Retry-After (429, 503): every request to its origin waits this long. */
      readonly phase: 'pause';
      readonly origin: string;
      readonly ms: number;
    })
  | (FetchSubject & { readonly phase: 'request-done'; readonly ok: boolean });
