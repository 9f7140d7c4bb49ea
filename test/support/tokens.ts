import assert from 'node:assert/strict';
import fc from 'fast-check';

/**
 * Checks that a hand-written tokenizer reads exactly the tokens (text and offsets) of the regular
 * expression that defines it: on strings of `tricky` characters (the edges of its classes) and on
 * any UTF-16 string, lone surrogates included.
 */
export function assertTokensOfRegex(tokenize: (text: string) => { text: string; start: number; end: number }[], regex: RegExp, tricky: string[]): void {
  const byRegex = (text: string): [string, number, number][] => [...text.matchAll(regex)].map((m) => [m[0], m.index!, m.index! + m[0].length]);
  const check = (text: string): void => {
    assert.deepEqual(tokenize(text).map((t) => [t.text, t.start, t.end]), byRegex(text), JSON.stringify(text));
  };
  fc.assert(fc.property(fc.array(fc.constantFrom(...tricky), { maxLength: 24 }), (chars) => check(chars.join(''))), { numRuns: 1000 });
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), check), { numRuns: 1000 });
}
