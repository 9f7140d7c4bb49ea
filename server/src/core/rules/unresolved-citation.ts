import type { Rule } from './rule';
import type { FindingDraft } from '../types';
import type { Citation } from '../evidence/citations';

/**
 * Flags a citation that points at nothing: a Pandoc key missing from the loaded bibliography,
 * a numbered reference with no entry in the note's reference list, a footnote with no
 * definition. Quick fixes replace an unknown key with the closest known ones.
 */
const rule: Rule = {
  id: 'unresolved-citation',
  description: 'A citation key, numbered reference or footnote that resolves to no source.',
  category: 'citations',
  defaultSeverity: 'warning',
  docs: {
    bad: 'Natalizumab lowered CSF osteopontin [@rome2014].',
    good: 'Natalizumab lowered CSF osteopontin [@romme2014].',
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const citations = (ctx.extras.citations as Citation[] | undefined) ?? [];
    for (const c of citations) {
      if (c.sourceId) continue;
      if (c.kind === 'pandoc' || c.kind === 'pandoc-in-text') {
        const sug = c.suggestions ?? [];
        out.push({
          start: c.start,
          end: c.end,
          message: `Citation key \`${c.key}\` is not in the loaded sources` + (sug.length ? `; did you mean ${sug.map((k) => `\`${k}\``).join(', ')}?` : ctx.sources.length ? '.' : ' (no bibliography is loaded).'),
          data: { key: c.key, fixes: sug.map((k) => ({ title: `Replace with @${k}`, start: c.start, end: c.end, newText: `@${k}` })) },
        });
      } else if (c.kind === 'numbered') {
        out.push({ start: c.start, end: c.end, message: `Reference \`[${c.key}]\` has no entry in the note's reference list.`, data: { key: c.key } });
      } else if (c.kind === 'footnote') {
        out.push({ start: c.start, end: c.end, message: `Footnote \`[^${c.key}]\` has no definition.`, data: { key: c.key } });
      }
    }
    return out;
  },
};

export default rule;
