import type { ClaimProfile, Cue } from '../types';

const KIND_FOR_FIELD: Record<string, string[]> = {
  relation: ['relation', 'negation'],
  certainty: ['hedge', 'booster'],
  magnitude: ['partial', 'absolute'],
  outcome: ['clinical', 'surrogate'],
};

const MEANING: Record<string, string> = {
  none: 'no relation stated',
  correlational: 'an association, not an effect',
  'conditional-causal': 'an effect stated as possible',
  causal: 'a direct cause and effect',
  hedged: 'stated tentatively',
  neutral: 'no hedge or booster',
  boosted: 'stated with extra certainty',
  partial: 'a graded effect',
  absolute: 'a total effect',
  clinical: 'how patients feel, function or survive',
  surrogate: 'a biomarker, scan or lab value',
  unspecified: 'no outcome named',
};

function words(cues: Cue[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of cues) {
    const key = `${c.text.toLowerCase()}|${c.kind}`;
    if (seen.has(key) || !c.text) continue;
    seen.add(key);
    out.push(c.kind === 'negation' ? `\`${c.text}\` (negation)` : `\`${c.text.replace(/`/g, "'")}\``);
  }
  return out.length ? out.join(', ') : '—';
}

/**
 * Markdown for the hover on a sentence: every field of its claim profile with the words that
 * decided it. `sentenceText`/`sentenceStart` let cues outside the sentence be left out.
 */
export function describeProfile(p: ClaimProfile, sentenceText: string, sentenceStart: number): string {
  const end = sentenceStart + sentenceText.length;
  const inside = p.cues.filter((c) => c.start >= sentenceStart && c.end <= end);
  const claimCue = inside.find((c) => c.kind === 'claim');
  const notClaim = p.cues.find((c) => c.kind === 'not-claim');
  const lines: string[] = [];
  if (p.isClaim) {
    lines.push(`**Claim**${claimCue ? ` (marked by \`${claimCue.text}\`)` : ''}`);
  } else {
    const why = !notClaim?.text ? 'no finding, effect or recommendation is stated'
      : notClaim.text === '?' ? 'a question'
        : notClaim.start === notClaim.end ? `a ${notClaim.text}`
          : `\`${notClaim.text}\` marks an aim, greeting, feeling, personal opinion or plan, or methods statement`;
    lines.push(`**Not a claim** — ${why}`);
  }
  lines.push('', '| field | value | decided by |', '| --- | --- | --- |');
  const row = (field: string, value: string, suffix = '') => {
    const cues = inside.filter((c) => KIND_FOR_FIELD[field].includes(c.kind));
    const shown = value === 'neutral' || value === 'none' || value === 'unspecified' ? '—' : words(cues);
    lines.push(`| ${field} | ${value}${suffix} (${MEANING[value]}) | ${shown} |`);
  };
  row('relation', p.relation, p.negated ? ', negated' : '');
  row('certainty', p.certainty);
  row('magnitude', p.magnitude);
  row('outcome', p.outcome);
  if (p.hype) lines.push('', `Hype: ${words(inside.filter((c) => c.kind === 'hype'))}`);
  return lines.join('\n');
}

const STATEMENT_MEANING: Record<string, string> = {
  finding: 'a specific empirical result — needs evidence',
  background: 'background or mechanism stated generally — no source needed',
  definition: 'a definition — no source needed',
  method: 'how a study was done — no source needed',
  opinion: "the writer's own view — no source needed",
  'own-analysis': "the writer's own computation — no source needed",
  question: 'a question — not a claim',
  hypothetical: 'a supposition or worked illustration — not a claim',
  navigation: 'a heading, link list or navigation text — not a claim',
  caption: 'a figure or axis description — not a claim',
  reference: 'a reference entry or the title of a source — not a claim',
  quote: "someone else's words — judged against its source, not as the note's claim",
  table: 'a table cell — not judged as a sentence',
  other: 'no finding stated',
};

/** One line for the hover: what kind of statement the sentence is and what decided it. */
export function describeStatement(p: ClaimProfile): string | undefined {
  if (!p.statement) return undefined;
  const cue = p.statementCue ? ` (decided by \`${p.statementCue.replace(/`/g, "'")}\`)` : '';
  return `**Statement:** ${p.statement} — ${STATEMENT_MEANING[p.statement] ?? ''}${cue}`;
}
