/**
 * Cooperative cancellation of an analysis: `analyzeNote` calls its `isCancelled` option between
 * stages (and the block cache between blocks) and throws this when it says yes, so an analysis a
 * newer version of the note has made stale stops early. Whatever was kept (the block cache) stays
 * consistent: the next analysis gives the same results as one that was never interrupted.
 */
export class AnalysisCancelled extends Error {
  constructor(readonly stage: string) {
    super(`the analysis was cancelled (${stage})`);
    this.name = 'AnalysisCancelled';
  }
}
