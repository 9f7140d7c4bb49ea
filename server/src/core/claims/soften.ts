import type { Cue, Fix } from '../types';
import { Lexicon, inflect, type LexiconFile } from './lexicon';
import { tokenize } from './tokenize';
import fixes from './data/fixes.json';

const SOFTER = new Lexicon().add('fixes', fixes as LexiconFile);

let lastTokenized: { text: string; tokens: ReturnType<typeof tokenize> } | undefined;

function matchCase(original: string, replacement: string): string {
  if (!replacement) return replacement;
  if (original === original.toUpperCase() && original.length > 1) return replacement.toUpperCase();
  if (original[0] === original[0].toUpperCase() && original[0] !== original[0].toLowerCase()) {
    return replacement[0].toUpperCase() + replacement.slice(1);
  }
  return replacement;
}

/**
 * Proposes softer wording for an absolute, boosting or hype cue, inflected like the original
 * ("flat-lines" → "slows", "proved" → "suggested"); an empty replacement deletes the word.
 * `text`/`textStart` are the sentence and its absolute start; the cue has absolute offsets.
 */
export function softerWording(text: string, textStart: number, c: Cue): Fix | undefined {
  // Called once per cue of the same sentence: tokenise that sentence once, not once per cue.
  if (lastTokenized?.text !== text) lastTokenized = { text, tokens: tokenize(text) };
  const { tokens } = lastTokenized;
  let best: { start: number; end: number; newText: string } | undefined;
  for (const m of SOFTER.matchAll(tokens)) {
    const start = tokens[m.from].start + textStart;
    const end = tokens[m.to - 1].end + textStart;
    if (end <= c.start || start >= c.end) continue;
    if (best && best.end - best.start >= end - start) continue;
    const entry = m.compiled.entry;
    const soft = String(entry.soft ?? '');
    let word = soft;
    if (soft && entry.pos === 'verb' && m.compiled.form !== 'other') {
      const inf = inflect(soft);
      word = m.compiled.form === 'past' && m.compiled.tokens[0] === 'proven' ? inf.past : inf[m.compiled.form];
    }
    const original = text.slice(start - textStart, end - textStart);
    let delEnd = end;
    if (!word) {
      // Deleting a word also deletes one following space, so no double space is left.
      if (text[end - textStart] === ' ') delEnd = end + 1;
    }
    best = { start, end: delEnd, newText: matchCase(original, word) };
  }
  if (!best) return undefined;
  const shown = text.slice(best.start - textStart, best.end - textStart).trim();
  const title = best.newText ? `Replace \`${shown}\` with \`${best.newText}\`` : `Remove \`${shown}\``;
  return { title, start: best.start, end: best.end, newText: best.newText };
}
