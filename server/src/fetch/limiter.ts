/**
 * A sliding-window rate limiter: at most `max` starts in any window of `windowMs`. Callers await
 * `take()` before each request; waits are cancellable. The clock and the sleep are injectable
 * so the guarantee can be tested without timing.
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const realClock: Clock = { now: () => performance.now(), sleep };

export class RateLimiter {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly max: number, readonly windowMs: number, private readonly clock: Clock = realClock) {
    if (!(max >= 1)) throw new RangeError('a rate limit needs max >= 1');
  }

  /** Waits until one more start fits in the window, then records it. Calls are served in order. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot(signal));
    // A cancelled waiter must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      while (this.starts.length && now - this.starts[0] >= this.windowMs) this.starts.shift();
      if (this.starts.length < this.max) {
        this.starts.push(now);
        return;
      }
      await this.clock.sleep(this.starts[0] + this.windowMs - now, signal);
    }
  }
}
