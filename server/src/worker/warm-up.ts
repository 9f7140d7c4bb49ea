/**
 * The analysis worker's warm-up, run while the worker has nothing to do after its first analysis
 * (see analysis-worker.ts): analyses of versions of a note as typing would make them.
 *
 * Why: V8 compiles a function to fast machine code only after it has run a while. Opening a note
 * runs the whole-note analysis; the first keystrokes after it run the incremental path (blocks
 * re-used and moved, kept claims and drafts looked up) for the first time, on cold code. In the
 * 100 KB bench note the first 30 edits took 1.5 to 2 times as long as later ones.
 *
 * Which note: the first long note (`OWN_NOTE_MIN_CHARS`) the worker analyses, once, when idle
 * after it (instead of the small note, or after it); until then a note of the warm-up's own. How
 * warm the code gets depends on how much text the analyses go through, not on how many there are.
 * In process, 40 edits of the small warm-up note (1.6 s) left the bench note's next 30 edits at a
 * p50 of 41-46 ms, against 48-63 ms cold; 30 analyses of edits of the bench note itself (1.8-2 s),
 * at 26-29 ms. Over the protocol, this warm-up (15 edits of the bench note, each followed by its
 * text again) left them at 19-25 ms, against 31-35 ms after the small note's. So a long note is
 * warmed up on: a character typed in one of its lines, then its own text again, for as many edits
 * as make `OWN_NOTE_CHARS` of text analysed (at most `OWN_NOTE_MAX_EDITS`), with its own cache and
 * inputs. Otherwise the warm-up's note is written a paragraph at a time and then edited a
 * character at a time.
 *
 * A request waits for the warm-up only until its step's next checkpoint: each step is one analysis,
 * stopped between blocks and stages as soon as anything is posted to the worker (and run again when
 * the worker is idle again; a note's own warm-up ends instead: the note is being edited, and its
 * edits warm the code from then on). Nothing it makes is kept: the warm-up note's cache is dropped
 * when it is done, and a note's own warm-up ends with the note's text analysed again (where its
 * cache was). The results of any note are the same with it: it shares with the notes' analyses
 * only the compiled code and what is kept by content, the same in any order of analyses (the
 * part-of-speech tags of its sentences; the tagger's engine is renewed after a count of sentences,
 * and a renewed engine tags the same), and with the note it warms up on, that note's cache, whose
 * results are those of a full analysis after any sequence of texts (a property test).
 */
import { analyzeNote, type AnalyzeOptions } from '../core/analyze';
import { AnalysisCache } from '../core/incremental';
import { AnalysisCancelled } from '../core/cancel';

/** One-character edits once the note is written (each a few ms once the code is warm). */
export const WARM_UP_EDITS = 40;

/** A note at least this long is warmed up on (see the top). */
export const OWN_NOTE_MIN_CHARS = 20_000;
/** The text a note's own warm-up analyses in all (its edits and its text again), and its most edits. */
const OWN_NOTE_CHARS = 3_000_000;
const OWN_NOTE_MAX_EDITS = 15;
/** Lines at least this long take a note's own warm-up's edits (prose, not headings or table rules). */
const OWN_NOTE_LINE = 40;

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
 * Where a note's own warm-up types (see the top): the middle of its long lines, past any front
 * matter (a character typed there could leave it unclosed, and the whole note one block).
 */
export function typingPlaces(text: string): number[] {
  let from = 0;
  if (text.startsWith('---')) {
    const close = text.indexOf('\n---', 3);
    from = close < 0 ? text.length : close + 4;
  }
  const places: number[] = [];
  for (let start = from; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    if (end - start >= OWN_NOTE_LINE) places.push(start + Math.floor((end - start) / 2));
    start = end + 1;
  }
  return places;
}

/**
 * The warm-up's progress: `step` runs its next analysis. The warm-up note is written a part at a
 * time (the head, then one paragraph per step: each analysis small, so a request never waits long
 * for one, even while the code is cold), then edited a character at a time; a note's own warm-up
 * (`onNote`) alternates an edit and the note's text.
 */
export class WarmUp {
  private cache: AnalysisCache | undefined;
  private options: AnalyzeOptions = {};
  /** How many analyses it runs, and the text of step `done` (after `text`, the last step's). */
  private total: number;
  private textOf: (done: number, text: string) => string;
  private text = '';
  /** Analyses done. */
  private done = 0;
  private onOwnNote = false;

  constructor(edits = WARM_UP_EDITS, parts = warmUpParts()) {
    this.cache = new AnalysisCache();
    const written = parts.length;
    this.total = written + edits;
    this.textOf = (done, text) => (done < written ? text + parts[done] : edited(text, done - written + 1));
  }

  /**
   * The warm-up on a note of the writer's: `text`, as last analysed with `cache` and `options`
   * (its inputs). Undefined when it has no line to type in.
   */
  static onNote(text: string, cache: AnalysisCache, options: AnalyzeOptions): WarmUp | undefined {
    const places = typingPlaces(text);
    if (!places.length) return undefined;
    const edits = Math.max(1, Math.min(OWN_NOTE_MAX_EDITS, Math.round(OWN_NOTE_CHARS / (2 * text.length))));
    const warm = new WarmUp(0, []);
    warm.cache = cache;
    warm.options = options;
    warm.onOwnNote = true;
    // Edit k at a place spread through the note, the note's text after each.
    warm.total = 2 * edits;
    warm.textOf = (done) => {
      if (done % 2 === 1) return text;
      const at = places[(Math.floor(done / 2) * 37 + 11) % places.length];
      return text.slice(0, at) + 'x' + text.slice(at);
    };
    return warm;
  }

  /** Warming up on a note of the writer's (see `onNote`). */
  get ownNote(): boolean {
    return this.onOwnNote;
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
    const text = this.textOf(this.done, this.text);
    try {
      analyzeNote(text, { ...this.options, cache, isCancelled });
    } catch (error) {
      if (error instanceof AnalysisCancelled) return false;
      this.cache = undefined; // not expected: give up rather than try again and again
      return false;
    }
    this.text = text;
    this.done++;
    if (this.done >= this.total) this.cache = undefined;
    return true;
  }

  /** Ends the warm-up (a note's own, when its note is edited). */
  end(): void {
    this.cache = undefined;
  }
}
