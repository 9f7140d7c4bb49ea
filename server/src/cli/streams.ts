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

/**
 * `compare`: {"claim","evidence"} JSON lines in, one line out each, in order: a verdict, or
 * `{"error": "line N: …"}` for a line that is not such an object (`null`, a number, bad JSON).
 * A bad line never stops the stream. Exit code: 0 when every line got a verdict, 2 when at least
 * one line was an input error (reported after all lines are answered).
 */
export async function runCompare(stdin: Readable, stdout: Writable): Promise<number> {
  const { compareClaimToEvidence } = await import('../core/evidence/compare');
  let lineNo = 0;
  let bad = 0;
  const error = (message: string): void => {
    bad++;
    stdout.write(`${JSON.stringify({ error: `line ${lineNo}: ${message}` })}\n`);
  };
  for await (const line of createInterface({ input: stdin, crlfDelay: Infinity })) {
    lineNo++;
    if (!line.trim()) continue;
    let pair: unknown;
    try {
      pair = JSON.parse(line);
    } catch {
      error('not valid JSON');
      continue;
    }
    const { claim, evidence } = (pair !== null && typeof pair === 'object' && !Array.isArray(pair) ? pair : {}) as { claim?: unknown; evidence?: unknown };
    if (typeof claim !== 'string' || typeof evidence !== 'string') {
      error('expected {"claim": string, "evidence": string}');
      continue;
    }
    let verdict;
    try {
      verdict = compareClaimToEvidence(claim, evidence);
    } catch {
      error('the comparison failed on this line');
      continue;
    }
    stdout.write(`${JSON.stringify(verdict)}\n`);
  }
  return bad > 0 ? 2 : 0;
}
