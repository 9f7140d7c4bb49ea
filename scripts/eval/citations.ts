/**
 * How well the engine links a folder of notes to their sources. A sentence "cites something" when
 * it holds any citation form (found here by deliberately broad patterns, independent of the
 * engine so that a form the engine misses still counts against it): Pandoc keys, bracketed or
 * parenthesised numbers, superscripts, footnotes, wiki links, reference-style links, links to a
 * paper or trial page, bare DOIs/PMIDs, author-year mentions. For those sentences it reports the
 * share whose citation the engine resolves to a source, the share linked to a source that has
 * text, and every sentence that stays unresolved with the reason. Claim sentences linked to any
 * evidence sentence are counted too (the note-about-one-paper case cites nothing by form).
 * A sibling `.bib` with the note's stem is its bibliography (the realworld corpus convention).
 * Usage: npm run eval -- citations DIR [--list=N]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyzeNote } from '../../server/src/core/analyze';
import { loadNoteSources } from '../../server/src/workspace/sources';
import { parseMarkdown } from '../../server/src/core/markdown/parse';
import type { Citation } from '../../server/src/core/evidence/citations';
import type { EvidenceClaim } from '../../server/src/core/evidence/index';

const SCHOLARLY_URL = /https?:\/\/[^\s)>\]]*(?:doi\.org|pubmed|ncbi\.nlm\.nih\.gov|europepmc|clinicaltrials\.gov|isrctn|arxiv\.org|medrxiv\.org|biorxiv\.org|researchsquare|ssrn|nejm\.org|thelancet\.com|jamanetwork|bmj\.com|nature\.com|sciencedirect|springer|wiley|oup\.com|ahajournals|cochranelibrary|plos|frontiersin|mdpi|tandfonline|sagepub|cell\.com|annals\.org|atsjournals|ersjournals|jacc|diabetesjournals|\.pdf\b)/i;
const FORMS: [string, RegExp][] = [
  ['pandoc', /(?:^|[\s[;(])-?@[A-Za-z_][\w:.#$%&+?<>~/-]*\w/],
  ['bracket-number', /\[\d{1,3}(?:\s*[-–—,]\s*\d{1,3})*\](?![(:])/],
  ['paren-number', /\((?:refs?\.?\s*|references?\s+)?\d{1,3}(?:\s*[-–—,]\s*\d{1,3})*\)/i],
  ['superscript', /<sup>\s*(?:\[*\s*)?\d|\^\d{1,3}(?:[,–-]\d{1,3})*\^|[¹²³⁴⁵⁶⁷⁸⁹⁰]/],
  ['footnote', /\[\^[^\]\s]+\]/],
  ['wiki-link', /\[\[[^\]\n]{2,80}\]\]/],
  ['reference-link', /\]\[[^\]\n]+\]/],
  ['source-link', new RegExp(`\\]\\(\\s*<?${SCHOLARLY_URL.source}`, 'i')],
  ['doi', /\b10\.\d{4,9}\/\S+/],
  ['pmid', /\bPMID:?\s*\d{5,9}\b/i],
  ['author-year', /\b[A-Z][\p{L}'’-]+(?:\s+et\s+al\.?|\s+(?:and|&)\s+[A-Z][\p{L}'’-]+)\s*,?\s*\(?(?:19|20)\d\d\)?/u],
];

/** The forms a sentence's raw text holds. */
export function citationForms(sentence: string): string[] {
  return FORMS.filter(([, re]) => re.test(sentence)).map(([name]) => name);
}

const REF_TITLE = /^[\s*_]*(?:references|bibliography|sources|works cited|literature|citations|further reading|notes)\b/i;

/** Ranges of the note's reference lists: under a heading with that title (ATX or setext), or after a line that is only the title. */
function referenceSections(text: string): { start: number; end: number }[] {
  const tree = parseMarkdown(text);
  const out: { start: number; end: number }[] = [];
  const heads = tree.children.filter((n) => n.type === 'heading').map((n) => ({ depth: (n as { depth: number }).depth, start: n.position!.start.offset!, end: n.position!.end.offset! }));
  heads.forEach((h, i) => {
    const title = text.slice(h.start, h.end).replace(/^#+/, '').split('\n')[0];
    if (!REF_TITLE.test(title)) return;
    const next = heads.slice(i + 1).find((o) => o.depth <= h.depth);
    out.push({ start: h.start, end: next ? next.start : text.length });
  });
  for (const n of tree.children) {
    if (n.type !== 'paragraph') continue;
    const t = text.slice(n.position!.start.offset!, n.position!.end.offset!).trim();
    if (t.length > 30 || !REF_TITLE.test(t) || !/^[\s*_]*\w+(?:\s\w+)?[\s*_:]*$/.test(t)) continue;
    const next = heads.find((o) => o.start > n.position!.start.offset!);
    out.push({ start: n.position!.start.offset!, end: next ? next.start : text.length });
  }
  return out;
}

interface Row { file: string; line: number; text: string; forms: string[]; reason: string }

export async function run(args: string[]): Promise<void> {
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) throw new Error('usage: npm run eval -- citations DIR');
  const listMax = Number(/^--list=(\d+)$/.exec(args.find((a) => a.startsWith('--list=')) ?? '')?.[1] ?? 200);
  const files = readdirSync(dir).filter((f) => f.endsWith('.md') && !/^(README|SOURCES)\.md$/i.test(f)).sort();
  let citing = 0, resolved = 0, withText = 0, claims = 0, claimsWithEvidence = 0;
  const byForm = new Map<string, { n: number; resolved: number }>();
  const unresolved: Row[] = [];
  const noText: Row[] = [];
  for (const file of files) {
    const notePath = path.join(dir, file);
    const text = readFileSync(notePath, 'utf8');
    const bib = notePath.replace(/\.md$/, '.bib');
    const loaded = await loadNoteSources(text, notePath, { bibFiles: existsSync(bib) ? [bib] : [] });
    const note = analyzeNote(text, { sources: loaded.sources, sourceErrors: loaded.errors });
    const citations = (note.context.extras.citations as Citation[] | undefined) ?? [];
    const sourceById = new Map(note.context.sources.map((s) => [s.id, s]));
    // Sentences under a references heading are the list itself, not prose that cites.
    const refSections = referenceSections(text);
    const inReferenceSection = (offset: number) => refSections.some((r) => offset >= r.start && offset < r.end);
    for (const c of note.context.claims as EvidenceClaim[]) {
      claims++;
      if (c.evidence.length && c.citations.length) claimsWithEvidence++;
    }
    note.context.sentences.forEach((s, si) => {
      if (s.block === 'heading' || inReferenceSection(s.start)) return;
      const forms = citationForms(s.text);
      if (!forms.length) return;
      citing++;
      const own = citations.filter((c) => c.sentence === si && c.kind !== 'anaphora' && c.kind !== 'paragraph');
      const ids = [...new Set(own.map((c) => c.sourceId).filter((id): id is string => !!id))];
      const line = note.lines.positionAt(s.start).line + 1;
      const row = (reason: string): Row => ({ file, line, text: s.text.replace(/\s+/g, ' ').slice(0, 110), forms, reason });
      for (const f of forms) {
        const e = byForm.get(f) ?? { n: 0, resolved: 0 };
        e.n++;
        if (ids.length) e.resolved++;
        byForm.set(f, e);
      }
      if (!ids.length) {
        unresolved.push(row(own.length
          ? `recognised ${own.map((c) => `${c.kind} \`${c.key}\``).join(', ')} but it resolves to no source`
          : 'no citation recognised'));
        return;
      }
      resolved++;
      if (ids.some((id) => sourceById.get(id)?.text.trim())) withText++;
      else noText.push(row(`resolves to ${ids.map((id) => `\`${id}\``).join(', ')}, which has no text`));
    });
  }
  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');
  console.log(`notes: ${files.length}`);
  console.log(`sentences that cite something: ${citing}`);
  console.log(`  citation resolves to a source: ${resolved} (${pct(resolved, citing)})`);
  console.log(`  linked to a source with text:  ${withText} (${pct(withText, citing)})`);
  console.log(`claims: ${claims}; cited claims with an evidence sentence: ${claimsWithEvidence}`);
  console.log('\nby form (sentences, resolved):');
  for (const [f, e] of [...byForm].sort((a, b) => b[1].n - a[1].n)) console.log(`  ${f.padEnd(15)} ${String(e.n).padStart(4)}  ${pct(e.resolved, e.n)}`);
  const show = (title: string, rows: Row[]) => {
    console.log(`\n${title} (${rows.length}):`);
    const reasons = new Map<string, number>();
    for (const r of rows) reasons.set(r.reason.replace(/`[^`]*`/g, '`…`'), (reasons.get(r.reason.replace(/`[^`]*`/g, '`…`')) ?? 0) + 1);
    for (const [r, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${r}`);
    for (const r of rows.slice(0, listMax)) console.log(`  ${r.file}:${r.line} [${r.forms.join(',')}] ${r.reason}\n      ${r.text}`);
  };
  show('unresolved', unresolved);
  show('resolved to a source without text', noText);
}
