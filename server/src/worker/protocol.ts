/**
 * Messages between the analysing process (language server, CLI) and the analysis worker. A job
 * names its document (`key`) and `version`: a newer version of the same key supersedes an older
 * one that has not started, and cancels one that has (through the job's shared `cancel` flag), so a
 * burst of edits analyses only the last text.
 *
 * A job answers with the whole snapshot (the CLI), or with its findings only (`findingsOnly`, the
 * language server: diagnostics need nothing else). The worker keeps each note's last analysis; a
 * `detail` request (sent when the worker is idle) fetches the rest of it for hovers, definitions,
 * completions and code actions, V8-serialised in pieces (`PackedDetailData`): the protocol thread
 * unpacks only what a request needs (a hover: the sentences, drugs and statistics around its
 * offset), never the whole of it on every keystroke.
 */
import type { NoteAnalysis } from '../core/analyze';
import type { Finding } from '../core/types';
import type { WorkspaceConfig } from '../workspace/config';
import type { PreparedPublication } from '../lsp/diagnostic';

export interface AnalysisJob {
  /** The document: a URI in the server, a path in the CLI. */
  key: string;
  /** The document version; higher is newer. */
  version: number;
  text: string;
  /** The note's path on disk (relative bibliographies and the sources folder resolve against it). */
  notePath?: string;
  config: WorkspaceConfig;
  /** Answer with the findings only; the rest is fetched with a `detail` request when wanted. */
  findingsOnly?: boolean;
  /**
   * With `findingsOnly`: answer with the publishDiagnostics message of `key` (a URI) at `version`
   * instead, ready to write (lsp/diagnostic.ts `preparePublication`); the findings come with the detail.
   */
  prepareDiagnostics?: boolean;
}

/** What a finished analysis sends back: everything but the syntax tree, sources without their text. */
export type NoteSnapshot = Omit<NoteAnalysis, 'tree' | 'lines'>;

/** The rest of a kept analysis: its context without the note structure (nothing on the protocol side reads it). */
export type NoteDetail = Omit<NoteSnapshot['context'], 'text' | 'structure'>;

/** The parts of a `NoteDetail` unpacked whole when needed. */
export type DetailSection = 'claims' | 'sources' | 'settings' | 'extras';
/** The lists of a `NoteDetail` packed in parts, by their items' offsets. */
export type DetailList = 'sentences' | 'drugs' | 'statistics';

/** One part of a packed list: its bytes, its items' place in the list, and the span of the note they cover. */
export interface PackedPart {
  /** Byte range in `PackedDetailData.bytes`. */
  from: number;
  to: number;
  /** Index of the part's first item in the whole list, and how many it holds. */
  first: number;
  count: number;
  /** Smallest `start` and largest `end` of its items. */
  min: number;
  max: number;
}

/** A `NoteDetail` V8-serialised section by section, and its lists in parts of consecutive items. */
export interface PackedDetailData {
  bytes: Uint8Array;
  /** The sections but the claims, each serialised whole. */
  sections: Record<Exclude<DetailSection, 'claims'>, [from: number, to: number]>;
  lists: Record<DetailList, PackedPart[]>;
  /**
   * The claims, in one part per part of the sentences: those of its sentences, with the span of
   * those sentences (`min`, `max`), so that a view at an offset unpacks only the claims of the
   * sentences it unpacks. (One part spanning the whole note when the claims are not in sentence order.)
   */
  claims: PackedPart[];
  /**
   * The analysis's findings, when the detail request asked for them (its job answered with a
   * prepared message), in parts of consecutive findings (the packing can stop between them; a
   * hover unpacks only the parts whose span holds its offset).
   */
  findings?: PackedPart[];
}

/**
 * A job's text as an edit of the text the worker last received for the same key (posting a long
 * note's text costs milliseconds on both threads; a keystroke's edit, nothing): the first `keep[0]`
 * and last `keep[1]` characters of that text, `insert` between them.
 */
export interface TextEdit {
  /** The request that posted the text this edits: the worker checks it holds that very text. */
  base: number;
  keep: [prefix: number, suffix: number];
  insert: string;
  /** The new text's length (checked by the worker). */
  length: number;
}

/** How many notes' last texts the worker keeps for edits (the client mirrors the same list). */
export const KEPT_TEXTS = 16;

/** A note's last text and the request that posted it. */
export interface PostedText { request: number; text: string }

/** The text `edit` makes of `base`, or undefined when `base` is not the text it edits or it does not fit. */
export function applyTextEdit(base: PostedText | undefined, edit: TextEdit): string | undefined {
  const [prefix, suffix] = edit.keep;
  if (base === undefined || base.request !== edit.base) return undefined;
  if (prefix < 0 || suffix < 0 || prefix + suffix > base.text.length || prefix + suffix + edit.insert.length !== edit.length) return undefined;
  return base.text.slice(0, prefix) + edit.insert + base.text.slice(base.text.length - suffix);
}

/**
 * Remembers `text` as the last one of `key` in `texts`, most recent last, keeping KEPT_TEXTS keys:
 * run by the client when it posts a job and by the worker when it receives one, so that both keep
 * the same texts.
 */
export function rememberText(texts: Map<string, PostedText>, key: string, text: PostedText): void {
  texts.delete(key);
  texts.set(key, text);
  for (const old of texts.keys()) {
    if (texts.size <= KEPT_TEXTS) break;
    texts.delete(old);
  }
}

/** What the worker is given when it starts (its `workerData`). */
export interface WorkerStart {
  /**
   * A SharedArrayBuffer of two Int32s: how many messages the client has posted to the worker so far,
   * and how many of them brought a note a new text (a sync, or a job whose text was not synced).
   */
  posted: SharedArrayBuffer;
  /**
   * Warm the code up on a note of its own when idle after the first analysis (see warm-up.ts): true
   * for the usual number of edits, a number for that many (tests).
   */
  warmUp: boolean | number;
  /** Analyse a synced text at once, for the job that follows (see analysis-worker.ts). */
  speculate?: boolean;
}

/** The warm-up's progress (see warm-up.ts). */
export interface WarmUpProgress {
  /** Analyses run to their end. */
  steps: number;
  /** Runs of steps a message to the worker stopped (in a step or between two). */
  interrupted: number;
  finished: boolean;
  /** Warming up on the note analysed last, not the warm-up's own note (see warm-up.ts). */
  ownNote: boolean;
}

export type WorkerRequest =
  /**
   * `cancel`: an Int32Array over a SharedArrayBuffer; the client sets element 0 to 1 to cancel.
   * With `edit`, `job.text` is empty: the text is `edit` applied to the key's last text.
   */
  | { id: number; job: AnalysisJob; cancel?: Int32Array; edit?: TextEdit }
  /**
   * The detail of the note's last analysis, if it is still the one job `of` produced; `cancel` as
   * for a job: set when an analysis waits, the packing stops and the answer is no detail.
   */
  | { id: number; detail: { key: string; of: number; findings?: boolean }; cancel?: Int32Array }
  /**
   * A note's new text (an edit of its last text) ahead of its analysis, so that the worker has it
   * ready, and flat, when the job comes during the debounce's wait; no answer.
   */
  | { id: number; sync: { key: string; edit: TextEdit; version?: number; debounceMs?: number } };

export type WorkerResponse =
  /** Sent once, when the worker has loaded its code: the time budget counts from here. */
  | { ready: true }
  /** Sent after each warm-up step, and when a message stops a run of them: how far it got. */
  | { warmUp: WarmUpProgress }
  /** `early`: the job took the worker's early analysis of its synced text (see analysis-worker.ts). */
  | { id: number; ok: true; snapshot: NoteSnapshot; warnings: string[]; ms: number; early?: true }
  | { id: number; ok: true; findings: Finding[]; warnings: string[]; ms: number; early?: true }
  /** `prepareDiagnostics`: the message (its bytes transferred, not copied). */
  | { id: number; ok: true; publication: PreparedPublication; warnings: string[]; ms: number; early?: true }
  /** `detail`: a `NoteDetail` packed (see `PackedDetailData`). */
  | { id: number; ok: true; detail: PackedDetailData | undefined }
  /** The worker had not the text an `edit` applies to: the client sends the whole text again. */
  | { id: number; ok: false; resend: true }
  /** The job saw its cancel flag and stopped at `stage`, before it finished. */
  | { id: number; ok: false; cancelled: string }
  | { id: number; ok: false; error: string };
