import type { Rule } from './rule';
import type { Drug, FindingDraft } from '../types';
import type { RuleContext } from './rule';
import { tokenize, type NameIndex, type Token } from '../drugs/matcher';
import { nameIndexFor, suggestDrugNames, transpositionDistance } from '../drugs/misspell';
import { alignedRow, type SentenceRow } from '../evidence/aligned';

/**
 * Flags a word of 6+ letters that is not a known drug name or English word but lies one edit
 * (two from 9 letters) from a drug name in the lexicon: "natalizimab" → natalizumab.
 */
const rule: Rule = {
  id: 'drug-name-misspelled',
  description: 'A word that looks like a misspelled drug name (close to a lexicon name by edit distance).',
  category: 'drugs',
  defaultSeverity: 'warning',
  docs: {
    bad: 'Natalizimab reduced relapses by two thirds.',
    good: 'Natalizumab reduced relapses by two thirds.',
  },
  check(ctx) {
    const index = nameIndexFor(ctx.settings.drugs);
    // The recognised names, listed only when a word near a drug name is met (most sentences have none).
    let known: Drug[] | undefined;
    const out: FindingDraft[] = [];
    // One problem, one finding: the same misspelling again later in the note is listed as related
    // information of its first occurrence.
    const first = new Map<string, FindingDraft>();
    // The words that lie near a drug name, and the development codes, depend on the sentence's
    // words and the lexicon only: one record per prose, kept across edits.
    // The unchanged sentences' records are found by place (see evidence/aligned.ts), the others by prose.
    const kept = ctx.memo?.space<SentenceWords>(index);
    const last = kept?.peek(LAST_WORDS) as SentenceRow<SentenceWords> | undefined;
    const aligned = alignedRow(last, ctx.sentences, 'prose');
    const words: SentenceWords[] = [];
    kept?.set(LAST_WORDS, { sentences: ctx.sentences, key: 'prose', values: words } satisfies SentenceRow<SentenceWords> as unknown as SentenceWords);
    for (let i = 0; i < ctx.sentences.length; i++) {
      const s = ctx.sentences[i];
      let w = aligned.at(i);
      if (!w) {
        w = kept ? kept.peek(s.prose) ?? aligned.lost(s.prose) ?? sentenceWords(s.prose, index) : sentenceWords(s.prose, index);
        kept?.set(s.prose, w);
      }
      words.push(w);
      for (let n = 0; n < w.near.length; n++) {
        const { tok, suggestions, sentenceInitial } = w.near[n];
        const start = s.start + tok.start;
        const end = s.start + tok.end;
        // Rare path: a word inside a recognised name (e.g. a salt word) is not a misspelling.
        known ??= ctx.drugs.filter((d) => d.origin !== 'stem');
        if (known.some((d) => d.start <= start && d.end >= end)) continue;
        const fixes = suggestions.map((sug) => {
          const newText = matchCase(tok.text, sug.name);
          return { title: `Replace with ${newText}`, start, end, newText };
        });
        const names = suggestions.map((sug) => `\`${matchCase(tok.text, sug.name)}\``).join(' or ');
        const seen = first.get(tok.text.toLowerCase());
        if (seen) {
          // Added in place: a copy per repetition would grow with the square of the repetitions.
          const related = seen.data?.related;
          const again = { start, end, message: `\`${tok.text}\` again` };
          if (Array.isArray(related)) related.push(again);
          else seen.data = { ...seen.data, related: [again] };
          continue;
        }
        const best = suggestions[0];
        // A capitalised word inside a sentence near a brand name, or two edits from any name, is far
        // more often a person, place or trial ("Soliman", "Saxena", "Valencian") than a misspelt drug.
        const capitalised = !sentenceInitial && /^[A-Z][a-z]/.test(tok.text);
        const nearBrand = best.name[0] !== best.name[0].toLowerCase();
        const confidence = capitalised && (nearBrand || best.distance >= 2) ? 0.4 : 0.9;
        const draft: FindingDraft = {
          start,
          end,
          message: `\`${tok.text}\` is not a known drug name; did you mean ${names}? It is ${best.distance} edit${best.distance === 1 ? '' : 's'} away from \`${best.name}\`${best.entry.class ? ` (${best.entry.class})` : ''}.`,
          data: { fixes, suggestions: suggestions.map((sug) => sug.entry.generic), confidence },
        };
        first.set(tok.text.toLowerCase(), draft);
        out.push(draft);
      }
    }
    out.push(...swappedCodes(ctx.sentences, words));
    return out;
  },
};

/** Where the rule's memo space keeps the last analysis's records by sentence (a key no prose can be). */
const LAST_WORDS = Symbol('words by sentence');

/** What the rule reads from one sentence's prose: words near a drug name, development codes (offsets in the prose). */
interface SentenceWords {
  near: ReturnType<typeof nearDrugNames>;
  codes: { key: string; index: number; length: number }[] | undefined;
}

function sentenceWords(prose: string, index: NameIndex): SentenceWords {
  let codes: SentenceWords['codes'];
  CODE_RE.lastIndex = 0;
  for (let m = CODE_RE.exec(prose); m; m = CODE_RE.exec(prose)) (codes ??= []).push({ key: `${m[1]}-${m[3]}`, index: m.index, length: m[0].length });
  return { near: nearDrugNames(prose, index), codes };
}

/** The words of a sentence's prose that lie near a drug name of the index, with their suggestions. */
function nearDrugNames(prose: string, index: NameIndex): { tok: Token; suggestions: ReturnType<typeof suggestDrugNames>; sentenceInitial: boolean }[] {
  const out: { tok: Token; suggestions: ReturnType<typeof suggestDrugNames>; sentenceInitial: boolean }[] = [];
  const tokens = tokenize(prose);
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.text.length < 6) continue;
    // camelCase or inner capitals ("comDEFINE", "iPhone") are names or code, not misspelt drugs.
    if (/[a-z][A-Z]/.test(tok.text)) continue;
    let suggestions = suggestDrugNames(tok.text, index);
    // Most words have no suggestion: where they stand is asked of the few that do.
    if (!suggestions.length) continue;
    const sentenceInitial = i === 0 || /[.!?:;]\s+$/.test(prose.slice(tokens[i - 1].end, tok.start));
    // At the start of a sentence every word is capitalised ("Granulocyte counts…"), so a
    // capital says nothing about being a brand: only a one-letter slip counts for brands there.
    if (sentenceInitial) {
      suggestions = suggestions.filter((sug) => sug.distance <= 1 || sug.name[0] === sug.name[0].toLowerCase());
    }
    if (suggestions.length) out.push({ tok, suggestions, sentenceInitial });
  }
  return out;
}

/** A development code: a few capitals and digits ("CT-996", "VK2735", "LY3437943"). */
const CODE_RE = /(?<![\w-])([A-Z]{2,5})(-?)(\d{3,7})(?![\w-])/g;

/**
 * A drug's development code written once with one digit changed or two swapped ("CT-966" where the
 * note says "CT-996" twice or more): codes are not in any lexicon, but a note that spells one code
 * two ways is wrong once. Only a single odd spelling against a repeated one is flagged.
 */
function swappedCodes(sentences: RuleContext['sentences'], words: readonly SentenceWords[]): FindingDraft[] {
  const seen = new Map<string, { start: number; end: number }[]>();
  for (let i = 0; i < sentences.length; i++) {
    const codes = words[i].codes;
    if (!codes) continue;
    const s = sentences[i];
    for (const m of codes) {
      const list = seen.get(m.key) ?? [];
      list.push({ start: s.start + m.index, end: s.start + m.index + m.length });
      seen.set(m.key, list);
    }
  }
  const out: FindingDraft[] = [];
  const keys = [...seen.keys()];
  for (const a of keys) {
    for (const b of keys) {
      if (a === b) continue;
      const [pa, da] = a.split('-');
      const [pb, db] = b.split('-');
      if (pa !== pb || da.length !== db.length || transpositionDistance(da, db) !== 1) continue;
      const rare = seen.get(a)!;
      const common = seen.get(b)!;
      if (rare.length !== 1 || common.length < 2) continue;
      const written = rare[0];
      out.push({
        ...written,
        message: `\`${a}\` looks like a slip for \`${b}\` (one digit apart), which the note writes ${common.length} times.`,
        data: { suggestions: [b], confidence: 0.7, related: common.map((c) => ({ ...c, message: `\`${b}\` here` })) },
      });
    }
  }
  return out;
}

/** Keeps the writer's capitalisation of the first letter for generics; brands keep their own. */
function matchCase(written: string, name: string): string {
  if (name[0] !== name[0].toLowerCase()) return name;
  if (written === written.toUpperCase()) return name.toUpperCase();
  if (written[0] !== written[0].toLowerCase()) return name[0].toUpperCase() + name.slice(1);
  return name;
}

export default rule;
