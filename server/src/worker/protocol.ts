/**
 * Messages between the analysing process (language server, CLI) and the analysis worker. A job
 * names its document (`key`) and `version`: a newer version of the same key supersedes an older
 * one that has not started, so a burst of edits analyses only the last text.
 */
import type { NoteAnalysis } from '../core/analyze';
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
}

/** What a finished analysis sends back: everything but the syntax tree, sources without their text. */
export type NoteSnapshot = Omit<NoteAnalysis, 'tree' | 'lines'>;

export interface WorkerRequest { id: number; job: AnalysisJob }

export type WorkerResponse =
  /** Sent once, when the worker has loaded its code: the time budget counts from here. */
  | { ready: true }
  | { id: number; ok: true; snapshot: NoteSnapshot; warnings: string[]; ms: number }
  | { id: number; ok: false; error: string };
