import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TOKEN_RE, tokenize } from '../../../server/src/core/drugs/matcher';

function byRegex(text: string): [string, number, number][] {
  return [...text.matchAll(TOKEN_RE)].map((m) => [m[0], m.index!, m.index! + m[0].length]);
}

// Letters, digits and marks inside and outside ASCII, astral letters and digits, lone surrogates.
const TRICKY = ['a', 'Z', 'é', 'ß', '7', '-', '/', ' ', '\u00a0', '\u0301', '²', '½', '٣', 'µ', 'χ', '(', '𝐀', '𝟙', '😀', '\ud835', '\udc00', 'ǅ'];

test('the drug tokenizer reads the tokens of its regular expression, on any text', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom(...TRICKY), { maxLength: 24 }), (chars) => {
    const text = chars.join('');
    assert.deepEqual(tokenize(text).map((t) => [t.text, t.start, t.end]), byRegex(text), JSON.stringify(text));
  }), { numRuns: 1000 });
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
    assert.deepEqual(tokenize(text).map((t) => [t.text, t.start, t.end]), byRegex(text), JSON.stringify(text));
  }), { numRuns: 1000 });
  assert.deepEqual(tokenize('Natalizumab (Tysabri®) 300mg').map((t) => [t.text, t.lower]), [['Natalizumab', 'natalizumab'], ['Tysabri', 'tysabri'], ['300mg', '300mg']]);
});
