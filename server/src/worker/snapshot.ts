import type { NoteAnalysis } from '../core/analyze';
import type { Source } from '../core/types';
import type { NoteSnapshot } from './protocol';

/**
 * The part of an analysis the protocol side needs (findings, recognised spans, claims, sources'
 * metadata for hovers, definitions and completions). Source texts stay in the worker: a 10,000-entry
 * library would otherwise be copied on every keystroke.
 */
export function toSnapshot(note: NoteAnalysis): NoteSnapshot {
  const sources = note.context.sources.map((s): Source => (s.text ? { ...s, text: '' } : s));
  // Settings may hold user data only; everything else is plain data (structured-cloneable).
  return {
    analysis: { ...note.analysis },
    context: { ...note.context, sources },
  };
}
