/**
 * Hover text for a claim: verdict, reasons, the formatted citation(s), the study profile and the
 * evidence sentences quoted. Pure; returns Markdown.
 */
import type { ClaimAnalysis, Source } from '../types';
import { describeReason } from './findings';
import type { ReasonDetail } from './compare';
import { formatStudyProfile, type StudyProfile } from './study';

const VERDICT_TEXT: Record<string, string> = {
  supported: '✓ **supported** by its evidence',
  overstated: '⚠ **overstated**: the claim says more than its evidence',
  understated: 'ℹ **understated**: the evidence says more than the claim',
  contradicted: '✗ **contradicted** by its evidence',
  unsupported: '? **unsupported**: no source is linked',
  unverifiable: '? **unverifiable**: the linked source has no text to compare',
};

/** "Romme Christensen J, Ratzer R, et al. (2014). Title. *Journal*. doi:…" with a link. */
export function formatCitation(s: Source): string {
  const authors = s.authors?.length ? (s.authors.length > 3 ? `${s.authors.slice(0, 3).join(', ')}, et al.` : s.authors.join(', ')) : '';
  const parts = [
    authors ? `${authors}${s.year ? ` (${s.year})` : ''}.` : s.year ? `(${s.year}).` : '',
    s.title ? `${s.title.replace(/[.]$/, '')}.` : '',
    s.journal ? `*${s.journal}*.` : '',
  ].filter(Boolean);
  if (s.doi) parts.push(`[doi:${s.doi}](https://doi.org/${s.doi})`);
  else if (s.pmid) parts.push(`[PMID ${s.pmid}](https://pubmed.ncbi.nlm.nih.gov/${s.pmid}/)`);
  else if (s.url) parts.push(`<${s.url}>`);
  return parts.join(' ') || `\`${s.id}\``;
}

const flat = (t: string) => t.replace(/\s+/g, ' ').trim();

/** Markdown hover for one claim analysis. */
export function describeClaim(c: ClaimAnalysis, analysisSources: Source[], extras: Record<string, unknown>): string {
  const lines: string[] = [VERDICT_TEXT[c.verdict] ?? `**${c.verdict}**`];
  const details = (Array.isArray(c.details) ? c.details : []) as ReasonDetail[];
  if (details.length) {
    lines.push('');
    for (const d of details) lines.push(`- ${describeReason(d)}`);
  }
  const via = (Array.isArray(c.linkedVia) ? c.linkedVia : []) as string[];
  const guessed = via.filter((v) => v === 'anaphora' || v === 'paragraph' || v === 'author-year');
  if (guessed.length && guessed.length === via.length) {
    const how = via.includes('anaphora') ? 'a reference back ("this study", "the trial")' : via.includes('paragraph') ? 'the citation at the end of its paragraph' : 'an author-year mention';
    lines.push('', `_Linked through ${how}._`);
  }
  const profiles = (extras.studyProfiles ?? {}) as Record<string, StudyProfile>;
  const ids = c.citations.length ? c.citations : [];
  for (const id of ids) {
    const src = analysisSources.find((s) => s.id === id);
    lines.push('', `**Source** \`${id}\`: ${src ? formatCitation(src) : 'not loaded'}`);
    const p = profiles[id];
    if (p) lines.push(`**Study:** ${formatStudyProfile(p)}`);
  }
  const suggestion = c.suggestion as { sourceId: string } | undefined;
  if (!ids.length && suggestion) {
    const src = analysisSources.find((s) => s.id === suggestion.sourceId);
    lines.push('', `**Candidate source** \`${suggestion.sourceId}\`${src ? `: ${formatCitation(src)}` : ''}`);
  }
  const evidence = c.evidence.slice(0, 3);
  if (evidence.length) {
    lines.push('', ids.length ? '**Evidence**' : '**Closest sentences in the library**');
    for (const e of evidence) lines.push(`> ${flat(e.text)}  \n> — \`${e.source}\`, score ${e.score.toFixed(2)}`, '');
  }
  return lines.join('\n').trimEnd();
}
