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
  sections: Record<DetailSection, [from: number, to: number]>;
  lists: Record<DetailList, PackedPart[]>;
}

export type WorkerRequest =
  /** `cancel`: an Int32Array over a SharedArrayBuffer; the client sets element 0 to 1 to cancel. */
  | { id: number; job: AnalysisJob; cancel?: Int32Array }
  /** The detail of the note's last analysis, if it is still the one job `of` produced. */
  | { id: number; detail: { key: string; of: number } };

export type WorkerResponse =
  /** Sent once, when the worker has loaded its code: the time budget counts from here. */
  | { ready: true }
  | { id: number; ok: true; snapshot: NoteSnapshot; warnings: string[]; ms: number }
  | { id: number; ok: true; findings: Finding[]; warnings: string[]; ms: number }
  /** `detail`: a `NoteDetail` packed (see `PackedDetailData`). */
  | { id: number; ok: true; detail: PackedDetailData | undefined }
  /** The job saw its cancel flag and stopped at `stage`, before it finished. */
  | { id: number; ok: false; cancelled: string }
  | { id: number; ok: false; error: string };
