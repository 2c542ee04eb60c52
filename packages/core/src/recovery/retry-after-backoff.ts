import type { IBackoff, IBackoffFactory, IRetryBackoffContext } from 'cockatiel';
import { classify } from '../errors/classify.js';

type Context = IRetryBackoffContext<unknown>;

/**
 * Wraps a backoff so that a retry never comes sooner than the server's Retry-After asked
 * (capped). Errors whose Retry-After exceeds the cap are not retried at all; the retry
 * filter sees to that, so the cap here only guards against clock skew in HTTP dates.
 */
export class RetryAfterBackoff implements IBackoffFactory<Context> {
  constructor(
    private readonly inner: IBackoffFactory<Context>,
    private readonly capMs: number,
  ) {}

  next(context: Context): IBackoff<Context> {
    return withRetryAfter(this.inner.next(context), context, this.capMs);
  }
}

function withRetryAfter(inner: IBackoff<Context>, context: Context, capMs: number): IBackoff<Context> {
  const asked = 'error' in context.result ? classify(context.result.error).retryAfterMs : undefined;
  return {
    duration: asked === undefined ? inner.duration : Math.max(inner.duration, Math.min(asked, capMs)),
    next: (next: Context) => withRetryAfter(inner.next(next), next, capMs),
  };
}
