/**
 * `evidence-lens fetch [--refresh] [--config FILE] [--bib FILE]... PATH...`: fetches the abstracts
 * of the papers the notes cite by DOI or PMID into the sources folder. The only command that goes
 * online. Progress and one line per problem on stderr; Ctrl-C stops after keeping what is saved.
 * Exit 0 when every paper was fetched or already saved, 1 when one failed, 130 when cancelled.
 */
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { WorkspaceConfig } from '../workspace/config';
import { collectTargets } from '../fetch/notes';
import { fetchSources, serviceSettings, summarize, type FetchRunOptions } from '../fetch/run';

export interface FetchCommandInput {
  files: string[];
  read: (file: string) => string;
  configFor: (file: string) => WorkspaceConfig;
  refresh: boolean;
  stderr: Writable;
  /** Tests inject limiters or HTTP options; the CLI uses the defaults. */
  run?: Pick<FetchRunOptions, 'limiters' | 'http' | 'today'>;
  signal?: AbortSignal;
}

export async function runFetch(input: FetchCommandInput): Promise<number> {
  const notes = input.files.map((file) => ({ path: path.resolve(file), text: input.read(file), config: input.configFor(file) }));
  const { targets } = await collectTargets(notes, { refresh: input.refresh });
  const say = (line: string) => input.stderr.write(`evidence-lens: ${line}\n`);
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  const signal = input.signal ? AbortSignal.any([input.signal, controller.signal]) : controller.signal;
  try {
    // One set of service settings per run: the first note's (a run spans one project).
    const services = serviceSettings(notes[0]?.config ?? {});
    const report = await fetchSources(targets, services, {
      ...input.run,
      refresh: input.refresh,
      signal,
      onProgress: (done, total, label) => {
        if (label) say(`fetching ${done + 1}/${total} ${label}`);
      },
    });
    for (const o of report.outcomes) if (o.message) say(o.message);
    const folders = [...new Set(report.outcomes.filter((o) => o.status === 'fetched').map((o) => path.dirname(o.file!)))];
    say(`${summarize(report)}${folders.length ? ` (into ${folders.map((f) => path.relative(process.cwd(), f) || '.').join(', ')})` : ''}`);
    if (report.cancelled) return 130;
    return report.outcomes.some((o) => o.status === 'failed') ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
