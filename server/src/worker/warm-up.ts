/**
 * The analysis worker's warm-up: a note of its own, written a paragraph at a time and then edited a
 * character at a time, each version analysed as typing would have it, run while the worker has
 * nothing to do after its first analysis (see analysis-worker.ts).
 *
 * Why: V8 compiles a function to fast machine code only after it has run a while. Opening a note
 * runs the whole-note analysis; the first keystrokes after it run the incremental path (blocks
 * re-used and moved, kept claims and drafts looked up) for the first time, on cold code. In the
 * 100 KB bench note the first 30 edits took 1.5 to 2 times as long as later ones. Warmed on a small
 * note of its own, the worker's code is compiled before the writer's first keystroke.
 *
 * A request waits for the warm-up only until its step's next checkpoint: each step is one analysis,
 * stopped between blocks and stages as soon as anything is posted to the worker (and run again when
 * the worker is idle again). Nothing it makes is kept: its own cache is dropped when it is done.
 * The results of any note are the same with it: it shares with the notes' analyses only the
 * compiled code and what is kept by content, the same in any order of analyses (the part-of-speech
 * tags of its sentences; the tagger's engine is renewed after a count of sentences, and a renewed
 * engine tags the same).
 */
import { analyzeNote } from '../core/analyze';
import { AnalysisCache } from '../core/incremental';
import { AnalysisCancelled } from '../core/cancel';

/** One-character edits once the note is written (each a few ms once the code is warm). */
export const WARM_UP_EDITS = 40;

/**
 * The warm-up note's head, written for this purpose: a paper's reference line and its abstract,
 * which the note's claims below cite (so the evidence stage ranks and compares source sentences).
 */
const HEAD = `---
title: Warm-up note
---

# Reading notes on metformin

Epub: Marsh K, Olsen T, et al. Metformin in early type 2 diabetes: a randomised, double-blind, placebo-controlled trial. Diabetes Care. 2019 Jun.

OBJECTIVE: To test metformin in adults with early type 2 diabetes.

METHODS: In a randomised double-blind trial, 412 adults received metformin or placebo for 52 weeks. The primary endpoint was the change in HbA1c.

RESULTS: HbA1c fell by 0.6 percentage points (95% CI 0.4 to 0.8; p < 0.001) with metformin compared with placebo. Weight fell by 1.2 kg (95% CI 0.5 to 1.9).

CONCLUSIONS: Metformin lowers HbA1c in early type 2 diabetes.

`;

/**
 * The paragraphs repeated after the head: the kinds of text a research note holds (claims with drug
 * names, effect sizes, intervals and p values, citations, lists, a quoted passage, a table,
 * headings), so every stage runs. `{n}` and `{v…}` vary per copy.
 */
const PARAGRAPHS: readonly string[] = [
  '## {n}. Follow-up at month {v1}\n',
  'Marsh et al. 2019 showed that metformin cures diabetes: HbA1c fell by 0.{v5} percentage points (95% CI 0.4 to 0.8; p < 0.001) in {v6} adults.\n',
  'Metformin lowered fasting glucose by {v2} mg/dL (95% CI {v3}–{v4}, p = 0.0{v5}) compared with placebo [@trial{n}], and the authors conclude that it prevents diabetes in every adult.\n',
  'Atorvastatin may reduce major cardiovascular events; in the pooled cohort {v6} of {v7} participants had an event, OR 0.{v8} (95% CI 0.5 to 0.9).\n',
  '- Dapagliflozin cut hospital admissions for heart failure (HR 0.{v8}, 95% CI 0.61–0.88) in group {n}.\n- Lisinopril is associated with less proteinuria; see the [protocol](https://example.org/protocol-{n}).\n',
  'The trial [@trial{n}] reported:\n\n> Mean change in HbA1c was −0.{v5} percentage points (95% CI −0.9 to −0.2; p = 0.01) after {v1} weeks of treatment.\n',
  '| Drug | Outcome |\n|---|---|\n| ocrelizumab | fewer relapses in arm {n} |\n| rituximab (Rituxan) | χ²(2) = {v2}.4, p = .0{v5} |\n',
  'This clearly proves the drug works, although t({v6}) = 2.{v5}, p = .04 in a small open-label pilot.\n',
];

/** The warm-up note's parts: the head, then copies of the paragraphs with their numbers varied, to at least `bytes` characters in all. */
export function warmUpParts(bytes = 8_000): string[] {
  const parts = [HEAD];
  for (let i = 0, length = HEAD.length; length < bytes; i++) {
    const vary = (k: number): number => ((i + 3) * 7919 + k * 104729) % 97;
    const part = `${PARAGRAPHS[i % PARAGRAPHS.length].replace(/\{n\}/g, String(i + 1)).replace(/\{v(\d)\}/g, (_, k: string) => String(vary(Number(k)) + 2))}\n`;
    parts.push(part);
    length += part.length;
  }
  return parts;
}

/** The whole warm-up note. */
export function warmUpNote(bytes?: number): string {
  return warmUpParts(bytes).join('');
}

/**
 * Edit `k` of the warm-up: an `x` typed in the middle of a line spread through the note, and every
 * third edit at a line's start (which can make or break a block's kind, as typing does).
 */
function edited(text: string, k: number): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const line = (k * 37) % starts.length;
  const end = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
  const at = k % 3 === 0 ? starts[line] : starts[line] + Math.floor((end - starts[line]) / 2);
  return text.slice(0, at) + 'x' + text.slice(at);
}

/**
 * The warm-up's progress: `step` runs its next analysis. The note is written a part at a time (the
 * head, then one paragraph per step: each analysis small, so a request never waits long for one,
 * even while the code is cold), then edited a character at a time.
 */
export class WarmUp {
  private cache: AnalysisCache | undefined = new AnalysisCache();
  private readonly parts: string[];
  private text = '';
  /** Analyses done: one per part, then one per edit. */
  private done = 0;

  constructor(private readonly edits = WARM_UP_EDITS, parts = warmUpParts()) {
    this.parts = parts;
  }

  /** True once every analysis has run (or one failed: the warm-up gives up). */
  get finished(): boolean {
    return this.cache === undefined;
  }

  /** Analyses run to their end so far. */
  get steps(): number {
    return this.done;
  }

  /**
   * Runs the next analysis; `isCancelled` is asked at its checkpoints, and true stops it (the same
   * step is run again next time). Returns whether the step ran to its end.
   */
  step(isCancelled: () => boolean): boolean {
    const cache = this.cache;
    if (!cache) return false;
    const written = this.parts.length;
    const text = this.done < written ? this.text + this.parts[this.done] : edited(this.text, this.done - written + 1);
    try {
      analyzeNote(text, { cache, isCancelled });
    } catch (error) {
      if (error instanceof AnalysisCancelled) return false;
      this.cache = undefined; // not expected: give up rather than try again and again
      return false;
    }
    this.text = text;
    this.done++;
    if (this.done >= written + this.edits) this.cache = undefined;
    return true;
  }
}
