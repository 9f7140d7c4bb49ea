import type { Rule } from './rule';
import type { FindingDraft } from '../types';
import type { Citation } from '../evidence/citations';

/**
 * Flags a citation that points at nothing: a Pandoc key (bracketed or in-text) missing from the
 * loaded bibliography, a numbered reference (`[3]`, `(ref. 3)`) with no entry in the note's
 * reference list, a footnote with no definition, an HTML footnote link (`#fn3`) with no anchor,
 * malformed citations (`[@key.` left open, `[key]` without its `@`), a link to a misspelt DOI or
 * PubMed host (`dx.doio.org`, once per host), and, with a bibliography loaded, a narrative
 * author-year citation ("Smith and Jones (2010)") that names no entry. Quick fixes replace an
 * unknown key with the closest known ones. A `[[wiki link]]` naming no source is reported (once per
 * target) in a Pandoc document, where it renders as plain text, and is silent elsewhere (it may
 * point at another note of a vault); a bare `(3)` with no entry is silent (it may be no citation).
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
    const seenWiki = new Set<string>();
    const seenHosts = new Set<string>();
    for (const c of citations) {
      // A malformed citation may still resolve (the linking reads through it), but it is reported.
      if (c.sourceId && c.kind !== 'malformed') continue;
      if (c.kind === 'pandoc' || c.kind === 'pandoc-in-text') {
        const sug = c.suggestions ?? [];
        out.push({
          start: c.start,
          end: c.end,
          message: `Citation key \`${c.key}\` is not in the loaded sources` + (sug.length ? `; did you mean ${sug.map((k) => `\`${k}\``).join(', ')}?` : ctx.sources.length ? '.' : ' (no bibliography is loaded).'),
          data: { key: c.key, fixes: sug.map((k) => ({ title: `Replace with @${k}`, start: c.start, end: c.end, newText: `@${k}` })) },
        });
      } else if (c.kind === 'malformed' && !c.fix?.startsWith('[')) {
        // Once per host, at its first link: a host misspelt throughout is one problem.
        if (seenHosts.has(c.key)) continue;
        seenHosts.add(c.key);
        const more = citations.filter((x) => x.kind === 'malformed' && x.key === c.key).length - 1;
        out.push({
          start: c.start,
          end: c.end,
          message: `Link host \`${c.key}\` does not exist; did you mean \`${c.fix}\`?` + (more ? ` (${more} more link${more > 1 ? 's' : ''} use it)` : ''),
          data: { key: c.key, fixes: c.fix ? [{ title: `Replace with ${c.fix}`, start: c.start, end: c.end, newText: c.fix }] : [] },
        });
      } else if (c.kind === 'author-year') {
        out.push({ start: c.start, end: c.end, message: `\`${ctx.text.slice(c.start, c.end)}\` names no entry of the loaded bibliography; cite it with a key.`, data: { key: c.key } });
      } else if (c.kind === 'malformed') {
        const fix = c.fix;
        out.push({
          start: c.start,
          end: c.end,
          message: `Malformed citation \`${ctx.text.slice(c.start, c.end)}\`` + (fix ? `; did you mean \`${fix}\`?` : '.'),
          data: { key: c.key, fixes: fix ? [{ title: `Replace with ${fix}`, start: c.start, end: c.end, newText: fix }] : [] },
        });
      } else if (c.kind === 'numbered') {
        if (c.form === 'paren' || c.form === 'superscript') continue;
        const written = c.form === 'ref' ? ctx.text.slice(c.start, c.end) : `[${c.key}]`;
        out.push({ start: c.start, end: c.end, message: `Reference \`${written}\` has no entry in the note's reference list.`, data: { key: c.key } });
      } else if (c.kind === 'wiki' && c.suggestions) {
        // Once per target: the same note named twice is one problem.
        if (seenWiki.has(c.key)) continue;
        seenWiki.add(c.key);
        out.push({ start: c.start, end: c.end, message: `Wiki link \`[[${c.key}]]\` names no source; in a document with Pandoc citations it renders as plain text, so cite it with a key.`, data: { key: c.key } });
      } else if (c.kind === 'footnote' && c.form === 'anchor') {
        out.push({ start: c.start, end: c.end, message: `Footnote link \`#${c.key}\` points at no anchor in the note.`, data: { key: c.key } });
      } else if (c.kind === 'footnote') {
        out.push({ start: c.start, end: c.end, message: `Footnote \`[^${c.key}]\` has no definition.`, data: { key: c.key } });
      }
    }
    return out;
  },
};

export default rule;
