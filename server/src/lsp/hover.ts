import type { Hover, Range } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import type { NoteAnalysis } from '../core/analyze';
import { docsUrl } from '../core/rules/rule';
import { describeStatistic } from '../core/statistics/describe';
import { describeProfile, describeStatement } from '../core/claims/describe';
import { describeDrug } from '../core/drugs/describe';
import { describeClaim } from '../core/evidence/describe';
import { rangeOf } from './convert';
import { describeCitationAt } from './citations';

const within = (offset: number, start: number, end: number): boolean => start <= offset && offset <= end && end > start;

/**
 * Markdown hover for an offset: the findings there first (what is wrong and why), then what the
 * recognisers saw there (a drug's generic, brands and class; a statistic's parsed meaning), then
 * the claim's profile.
 *
 * `stale` answers from an analysis of an older text (see stale.ts): only what the edits since left
 * untouched is shown, and the hover's range is given in the current text.
 */
export function hoverAt(note: NoteAnalysis, offset: number, stale?: { keeps: (start: number, end: number) => boolean; range: (start: number, end: number) => Range | undefined }): Hover | null {
  const { analysis, lines, context } = note;
  const keeps = stale?.keeps ?? (() => true);
  const parts: string[] = [];
  let start = Infinity;
  let end = -Infinity;
  const widen = (s: number, e: number): void => {
    start = Math.min(start, s);
    end = Math.max(end, e);
  };

  for (const f of analysis.findings) {
    if (!within(offset, f.start, f.end) && !(f.start === f.end && f.start === offset)) continue;
    if (!keeps(f.start, f.end)) continue;
    widen(f.start, f.end);
    const explanation = typeof f.data?.explanation === 'string' ? `\n\n${f.data.explanation}` : '';
    parts.push(`**Evidence Lens · \`${f.ruleId}\`** (${f.severity})\n\n${f.message}${explanation}\n\n[About this rule](${docsUrl(f.ruleId)})`);
  }

  const citation = describeCitationAt(note, offset);
  if (citation && keeps(citation.start, citation.end)) {
    widen(citation.start, citation.end);
    parts.push(citation.text);
  }

  const drug = analysis.drugs.find((d) => within(offset, d.start, d.end));
  if (drug && keeps(drug.start, drug.end)) {
    widen(drug.start, drug.end);
    parts.push(describeDrug(drug));
  }

  const statistic = analysis.statistics.find((s) => within(offset, s.start, s.end));
  if (statistic && keeps(statistic.start, statistic.end)) {
    widen(statistic.start, statistic.end);
    parts.push(describeStatistic(statistic));
  }

  const sentenceIndex = context.sentences.findIndex((s) => within(offset, s.start, s.end));
  const found = context.sentences[sentenceIndex];
  const sentence = found && keeps(found.start, found.end) ? found : undefined;
  const judged = context.claims.find((c) => c.sentence === sentenceIndex);
  // What kind of statement the sentence is (finding, background, method…) and what decided it.
  const statement = sentence ? describeStatement(sentence.claim) : undefined;
  if (sentence && judged) {
    // A reviewer hovering a claim sees the verdict, the citation, the study and the evidence.
    if (parts.length === 0) widen(sentence.start, sentence.end);
    parts.push([describeClaim(judged, context.sources, context.extras), statement].filter(Boolean).join('\n\n'));
  } else if (sentence?.claim.isClaim) {
    if (parts.length === 0) widen(sentence.start, sentence.end);
    parts.push([describeProfile(sentence.claim, sentence.text, sentence.start), statement].filter(Boolean).join('\n\n'));
  }

  if (parts.length === 0) return null;
  const range = stale ? stale.range(start, end) : rangeOf(lines, start, end);
  if (!range) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
    range,
  };
}
