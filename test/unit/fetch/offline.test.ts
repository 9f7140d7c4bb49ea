// Without an explicit fetch, the product makes no network request at all: check and analyze are
// run with every socket connection and fetch() trapped, on notes that cite DOIs and PMIDs and
// with fetch settings pointing at a live local server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../../server/src/cli/main';
import { CITING_NOTE, FakeServices, standardRoutes } from '../../support/fake-services';

let services: FakeServices;
before(async () => { services = await standardRoutes(new FakeServices()).start(); });
after(() => services.stop());

async function withNetworkTrapped<T>(fn: () => Promise<T>): Promise<{ result: T; attempts: string[] }> {
  const attempts: string[] = [];
  const originalConnect = net.Socket.prototype.connect;
  const originalFetch = globalThis.fetch;
  net.Socket.prototype.connect = function trapped(this: net.Socket, ...args: unknown[]) {
    attempts.push(`connect ${JSON.stringify(args[0])}`);
    throw new Error('network access during analysis');
  } as typeof originalConnect;
  globalThis.fetch = (async (input: unknown) => {
    attempts.push(`fetch ${String(input)}`);
    throw new Error('network access during analysis');
  }) as typeof fetch;
  try {
    return { result: await fn(), attempts };
  } finally {
    net.Socket.prototype.connect = originalConnect;
    globalThis.fetch = originalFetch;
  }
}

async function run(args: string[]): Promise<number> {
  const sink = new PassThrough();
  sink.resume();
  return main(args, { stdout: sink as never, stderr: sink as never, stdin: Readable.from(['']) as never });
}

test('the trap works: fetch() and a raw socket connection are both caught', async () => {
  const { attempts } = await withNetworkTrapped(async () => {
    await fetch(`${services.base}/eutils/efetch.fcgi?id=39000001`).catch(() => undefined);
    try {
      net.connect(Number(new URL(services.base).port), '127.0.0.1');
    } catch {
      // the trap throws
    }
  });
  assert.ok(attempts.some((a) => a.startsWith('fetch ')), attempts.join('; '));
  assert.ok(attempts.some((a) => a.startsWith('connect ')), attempts.join('; '));
});

test('check and analyze of notes citing DOIs and PMIDs make no network request', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-offline-'));
  writeFileSync(path.join(dir, '.evidence-lens.json'), JSON.stringify({ fetch: services.settings, ncbiApiKey: 'k' }));
  writeFileSync(path.join(dir, 'note.md'), `${CITING_NOTE}\n## References\n\n1. Doe J. A paper. J Invented. 2018. doi:10.5555/ijh.2018.7 PMID: 39000004\n\nAs shown before [1].\n`);
  const requests = services.requests.length;
  const { result, attempts } = await withNetworkTrapped(async () => [
    await run(['check', path.join(dir, 'note.md')]),
    await run(['check', '--format', 'json', dir]),
    await run(['analyze', path.join(dir, 'note.md')]),
  ]);
  assert.deepEqual(attempts, []);
  assert.ok(result.every((code) => code === 0 || code === 1), `commands ran: ${result}`);
  assert.equal(services.requests.length, requests);
});
