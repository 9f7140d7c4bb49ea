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

/**
 * At most `max` requests in any window of `windowMs`, counted the way the service sees them: a
 * slot is held from the moment it is granted until the answer has arrived, and stays counted for
 * `windowMs` after that. So request n + max starts only after request n was answered (and hence
 * received by the server) at least a window earlier — network delays cannot bunch requests up
 * at the server.
 */
export class RateLimiter {
  private readonly slots: { end?: number }[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private wake: (() => void)[] = [];

  constructor(readonly max: number, readonly windowMs: number, private readonly clock: Clock = realClock) {
    if (!(max >= 1)) throw new RangeError('a rate limit needs max >= 1');
  }

  /** Waits for a slot (callers are served in order); call the returned function when the answer is in. */
  take(signal?: AbortSignal): Promise<() => void> {
    const turn = this.queue.then(() => this.waitForSlot(signal));
    // A cancelled waiter must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      for (let i = this.slots.length - 1; i >= 0; i--) {
        const end = this.slots[i].end;
        if (end !== undefined && now - end >= this.windowMs) this.slots.splice(i, 1);
      }
      if (this.slots.length < this.max) {
        const slot: { end?: number } = {};
        this.slots.push(slot);
        return () => {
          if (slot.end !== undefined) return;
          slot.end = this.clock.now();
          for (const w of this.wake.splice(0)) w();
        };
      }
      const ends = this.slots.map((x) => x.end).filter((e): e is number => e !== undefined);
      const released = new Promise<void>((resolve) => this.wake.push(resolve));
      // Wait for the oldest answered slot to leave the window, or for a request in flight to finish.
      await (ends.length ? Promise.race([this.clock.sleep(Math.min(...ends) + this.windowMs - now, signal), released]) : abortable(released, signal));
    }
  }
}

function abortable(p: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!signal) return p;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(() => { signal.removeEventListener('abort', onAbort); resolve(); });
  });
}
