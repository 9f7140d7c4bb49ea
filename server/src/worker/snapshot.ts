import type { NoteAnalysis } from '../core/analyze';
import type { Source } from '../core/types';
import type { NoteDetail, NoteSnapshot } from './protocol';

/** Source texts stay in the worker: a 10,000-entry library would otherwise be copied on every analysis. */
const withoutTexts = (sources: Source[]): Source[] => sources.map((s): Source => (s.text ? { ...s, text: '' } : s));

/**
 * The part of an analysis the CLI needs (findings, recognised spans, claims, sources' metadata).
 */
export function toSnapshot(note: NoteAnalysis): NoteSnapshot {
  // Settings may hold user data only; everything else is plain data (structured-cloneable).
  return {
    analysis: { ...note.analysis },
    context: { ...note.context, sources: withoutTexts(note.context.sources) },
  };
}

/**
 * What hovers, definitions, completions and code actions read beyond the findings: the recognised
 * spans, claims, sources' metadata and the evidence stage's extras (citations, study profiles).
 */
export function toDetail(note: NoteAnalysis): NoteDetail {
  const { text: _text, structure: _structure, ...rest } = note.context;
  return { ...rest, sources: withoutTexts(note.context.sources) };
}
