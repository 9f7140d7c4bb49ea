import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Analysis } from '../core/types';
import { profileClaim } from '../core/claims/index';

/** `analyze --lines`: one JSON object a line, offsets relative to that line. */
export async function runLines(stdin: Readable, stdout: Writable, analyzeLine: (line: string) => Analysis): Promise<number> {
  for await (const line of createInterface({ input: stdin, crlfDelay: Infinity })) {
    const analysis = analyzeLine(line);
    stdout.write(`${JSON.stringify({
      claim: profileClaim(line, 0),
      drugs: analysis.drugs,
      statistics: analysis.statistics,
      findings: analysis.findings,
    })}\n`);
  }
  return 0;
}

/** `compare`: {"claim","evidence"} JSON lines in, one verdict line out each. */
export async function runCompare(stdin: Readable, stdout: Writable): Promise<number> {
  const { compareClaimToEvidence } = await import('../core/evidence/compare');
  let lineNo = 0;
  for await (const line of createInterface({ input: stdin, crlfDelay: Infinity })) {
    lineNo++;
    if (!line.trim()) continue;
    let pair: { claim?: unknown; evidence?: unknown };
    try {
      pair = JSON.parse(line);
    } catch {
      stdout.write(`${JSON.stringify({ error: `line ${lineNo}: not valid JSON` })}\n`);
      continue;
    }
    if (typeof pair.claim !== 'string' || typeof pair.evidence !== 'string') {
      stdout.write(`${JSON.stringify({ error: `line ${lineNo}: expected {"claim": string, "evidence": string}` })}\n`);
      continue;
    }
    stdout.write(`${JSON.stringify(compareClaimToEvidence(pair.claim, pair.evidence))}\n`);
  }
  return 0;
}
