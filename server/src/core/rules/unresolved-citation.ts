import type { Rule } from './rule';
import type { FindingDraft } from '../types';
import type { Citation } from '../evidence/citations';
import { detached } from '../markdown/blocks';

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
    // A citation's own draft depends on the citation and the text it covers only (and whether any
    // source is loaded): an unchanged citation that did not move gets last analysis's draft again;
    // one that an edit before it moved gets its message and data (see `movedDraft`).
    const space = ctx.memo?.space<Map<number, KeptDraft>>(LAST_DRAFTS);
    const last = space?.peek(LAST_DRAFTS);
    const kept = space ? new Map<number, KeptDraft>() : undefined;
    space?.set(LAST_DRAFTS, kept!);
    // The last analysis's drafts by what they were made from but their place, made when first asked.
    let byContent: Map<string, KeptDraft> | undefined;
    const contentOf = (kind: string, key: string, length: number) => `${kind}\u0000${key}\u0000${length}`;
    const loaded = ctx.sources.length > 0;
    for (const c of citations) {
      // A malformed citation may still resolve (the linking reads through it), but it is reported.
      if (c.sourceId && c.kind !== 'malformed') continue;
      if (c.kind === 'malformed' && !c.fix?.startsWith('[')) {
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
      } else if (c.kind === 'wiki') {
        // Once per target: the same note named twice is one problem.
        if (!c.suggestions || seenWiki.has(c.key)) continue;
        seenWiki.add(c.key);
        out.push({ start: c.start, end: c.end, message: `Wiki link \`[[${c.key}]]\` names no source; in a document with Pandoc citations it renders as plain text, so cite it with a key.`, data: { key: c.key } });
      } else {
        // Only the fields the draft reads for the citation's kind (reading a field a citation does not have is slow).
        const { kind, start, end, key } = c;
        const suggestions = kind === 'pandoc' || kind === 'pandoc-in-text' ? c.suggestions : undefined;
        const form = kind === 'numbered' || kind === 'footnote' ? c.form : undefined;
        const fix = kind === 'malformed' ? c.fix : undefined;
        const same = (before: KeptDraft | undefined): before is KeptDraft => before !== undefined && before.kind === kind && before.key === key
          && before.end - before.start === end - start && before.form === form && before.fix === fix && sameList(before.suggestions, suggestions)
          && before.loaded === loaded && (before.written === undefined || ctx.text.startsWith(before.written, start));
        let before = last?.get(start);
        if (!same(before) && last?.size) {
          if (!byContent) {
            byContent = new Map();
            for (const d of last.values()) {
              const k = contentOf(d.kind, d.key, d.end - d.start);
              if (!byContent.has(k)) byContent.set(k, d);
            }
          }
          before = byContent.get(contentOf(kind, key, end - start));
        }
        if (same(before)) {
          const draft = before.start === start ? before.draft : movedDraft(before.draft, start, end);
          if (draft) {
            const now = draft === before.draft ? before : { ...before, start, end, draft };
            kept?.set(start, now);
            out.push(draft);
            continue;
          }
        }
        // Kept across versions: a copy, not a slice holding this version's whole text (see `detached`).
        const written = WRITTEN.has(kind) || form === 'ref' ? detached(ctx.text.slice(start, end)) : undefined;
        const draft = citationDraft(c, written, loaded);
        if (!draft) continue;
        kept?.set(start, { kind, key, start, end, form, fix, suggestions, written, loaded, draft });
        out.push(draft);
      }
    }
    return out;
  },
};

/** Where the rule keeps the last analysis's drafts, by the start of their citation. */
const LAST_DRAFTS = 'unresolved-citation: drafts of the last analysis by citation start';

/**
 * A citation's draft, with what it was made from: the citation's fields that `citationDraft` reads
 * for its kind (the others undefined), `start` the key it is kept under. It reads `sourceId` only
 * to skip a resolved citation.
 */
interface KeptDraft {
  kind: Citation['kind'];
  key: string;
  start: number;
  end: number;
  /** Numbered and footnote citations'. */
  form: Citation['form'];
  /** Malformed citations'. */
  fix: string | undefined;
  /** Pandoc citations'. */
  suggestions: string[] | undefined;
  /** The text the citation covers, when the message quotes it. */
  written: string | undefined;
  /** Whether any source was loaded. */
  loaded: boolean;
  draft: FindingDraft;
}

/**
 * The draft of a citation the same as `draft`'s but at another place: its message and data shared
 * (no draft's data changes once made), undefined when its data holds offsets (quick fixes: made again).
 */
function movedDraft(draft: FindingDraft, start: number, end: number): FindingDraft | undefined {
  const fixes = draft.data?.fixes;
  if (Array.isArray(fixes) && fixes.length) return undefined;
  // The fields in citationDraft's order.
  return { start, end, message: draft.message, data: draft.data };
}

/** Kinds whose message quotes the text the citation covers. */
const WRITTEN = new Set<Citation['kind']>(['author-year', 'malformed']);

function sameList(x: string[] | undefined, y: string[] | undefined): boolean {
  if (x === y) return true;
  if (!x || !y || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * The draft of an unresolved citation that is judged on its own (not a misspelt link host or a wiki
 * link, reported once per host or target), or undefined when it is no problem. `written` is the
 * text it covers (for the kinds that quote it), `loaded` whether any source is loaded.
 */
function citationDraft(c: Citation, written: string | undefined, loaded: boolean): FindingDraft | undefined {
  if (c.kind === 'pandoc' || c.kind === 'pandoc-in-text') {
    const sug = c.suggestions ?? [];
    return {
      start: c.start,
      end: c.end,
      message: `Citation key \`${c.key}\` is not in the loaded sources` + (sug.length ? `; did you mean ${sug.map((k) => `\`${k}\``).join(', ')}?` : loaded ? '.' : ' (no bibliography is loaded).'),
      data: { key: c.key, fixes: sug.map((k) => ({ title: `Replace with @${k}`, start: c.start, end: c.end, newText: `@${k}` })) },
    };
  }
  if (c.kind === 'author-year') {
    return { start: c.start, end: c.end, message: `\`${written}\` names no entry of the loaded bibliography; cite it with a key.`, data: { key: c.key } };
  }
  if (c.kind === 'malformed') {
    const fix = c.fix;
    return {
      start: c.start,
      end: c.end,
      message: `Malformed citation \`${written}\`` + (fix ? `; did you mean \`${fix}\`?` : '.'),
      data: { key: c.key, fixes: fix ? [{ title: `Replace with ${fix}`, start: c.start, end: c.end, newText: fix }] : [] },
    };
  }
  if (c.kind === 'numbered') {
    if (c.form === 'paren' || c.form === 'superscript') return undefined;
    const shown = c.form === 'ref' ? written : `[${c.key}]`;
    return { start: c.start, end: c.end, message: `Reference \`${shown}\` has no entry in the note's reference list.`, data: { key: c.key } };
  }
  if (c.kind === 'footnote' && c.form === 'anchor') {
    return { start: c.start, end: c.end, message: `Footnote link \`#${c.key}\` points at no anchor in the note.`, data: { key: c.key } };
  }
  if (c.kind === 'footnote') {
    return { start: c.start, end: c.end, message: `Footnote \`[^${c.key}]\` has no definition.`, data: { key: c.key } };
  }
  return undefined;
}

export default rule;
