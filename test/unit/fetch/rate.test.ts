import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeServices, standardRoutes } from '../../support/fake-services';
import { HttpClient } from '../../../server/src/fetch/http';
import { RateLimiter, type Clock } from '../../../server/src/fetch/limiter';
import { NCBI_WINDOW_MS, defaultLimiters } from '../../../server/src/fetch/run';
import { Resolver } from '../../../server/src/fetch/resolve';

/** A clock that only moves when someone sleeps: the limiter's guarantee without real time. */
function fakeClock(): Clock & { starts: number[] } {
  let now = 0;
  return { starts: [], now: () => now, sleep: async (ms) => { now += Math.max(0, ms); } };
}

/** The most starts found in any half-open window [t, t + windowMs). */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

test('a slot held by a request in flight counts until its answer, and a window after it', async () => {
  const clock = fakeClock();
  const limiter = new RateLimiter(1, 1000, clock);
  const first = await limiter.take();
  let second = false;
  const pending = limiter.take().then((release) => { second = true; return release; });
  await new Promise((r) => setImmediate(r));
  assert.equal(second, false, 'no second start while the first is unanswered');
  clock.sleep(5000);
  first();
  (await pending)();
  assert.equal(clock.now(), 6000, 'the second started a full window after the first was answered');
});

test('the limiter never lets more than max starts into any window (fake clock, 40 concurrent takers)', async () => {
  const clock = fakeClock();
  const limiter = new RateLimiter(3, 1000, clock);
  await Promise.all(Array.from({ length: 40 }, async () => {
    const release = await limiter.take();
    clock.starts.push(clock.now());
    release();
  }));
  assert.equal(clock.starts.length, 40);
  assert.equal(maxInWindow(clock.starts, 1000), 3);
  // And it is not slower than it must be: 40 starts at 3 per second take 13 windows.
  assert.equal(Math.max(...clock.starts), 13 * 1000);
});

test('without an API key no more than 3 requests a second reach NCBI; with one, up to 10', async () => {
  assert.equal(defaultLimiters().ncbi.max, 3);
  assert.equal(defaultLimiters('key').ncbi.max, 10);
  assert.equal(NCBI_WINDOW_MS, 1000);
  const services = await standardRoutes(new FakeServices()).start();
  try {
    const resolver = new Resolver(new HttpClient({ timeoutMs: 5000 }), defaultLimiters(), services.settings);
    // Seven PMIDs at once, as a workspace fetch could ask: the limiter spaces them out.
    await Promise.all(['39000001', '39000003', '39000004', '39000001', '39000003', '39000004', '39000001'].map((pmid) => resolver.resolve({ pmid })));
    const arrivals = services.requests.filter((r) => r.path.startsWith('/eutils/')).map((r) => r.at);
    assert.equal(arrivals.length, 7);
    // Counted where NCBI counts, at the server: never a 4th request inside one second.
    assert.ok(maxInWindow(arrivals, 1000) <= 3, `at most 3 in any second, saw ${maxInWindow(arrivals, 1000)}`);
  } finally {
    await services.stop();
  }
});
