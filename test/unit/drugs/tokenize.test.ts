import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOKEN_RE, tokenize } from '../../../server/src/core/drugs/matcher';
import { assertTokensOfRegex } from '../../support/tokens';

// Letters, digits and marks inside and outside ASCII, astral letters and digits, lone surrogates.
const TRICKY = ['a', 'Z', 'é', 'ß', '7', '-', '/', ' ', '\u00a0', '\u0301', '²', '½', '٣', 'µ', 'χ', '(', '𝐀', '𝟙', '😀', '\ud835', '\udc00', 'ǅ'];

test('the drug tokenizer reads the tokens of its regular expression, on any text', () => {
  assertTokensOfRegex(tokenize, TOKEN_RE, TRICKY);
  assert.deepEqual(tokenize('Natalizumab (Tysabri®) 300mg').map((t) => [t.text, t.lower]), [['Natalizumab', 'natalizumab'], ['Tysabri', 'tysabri'], ['300mg', '300mg']]);
});
