import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOKEN_RE, tokenize } from '../../../server/src/core/claims/tokenize';
import { assertTokensOfRegex } from '../../support/tokens';

// Characters at the edges of TOKEN_RE's classes: joiners, decimal marks, %, marks, non-ASCII digits
// and letters, Unicode spaces, astral letters and digits, lone surrogates.
const TRICKY = ['a', 'Z', 'é', 'ß', '7', '0', '.', ',', '%', "'", '’', '-', '‐', '–', ' ', '\t', '\n', '\u00a0', '\u2009', '\u3000', '\ufeff',
  '\u0301', '\u0903', '²', '½', '٣', 'Ⅻ', 'χ', '≤', '(', ')', '@', '_', '𝐀', '𝟙', '😀', '\ud835', '\udc00', 'ǅ', 'ª'];

test('tokenize reads the tokens of its regular expression, on any text', () => {
  assertTokensOfRegex(tokenize, TOKEN_RE, TRICKY);
});

test('tokenize keeps inner hyphens and apostrophes, decimals and percentages', () => {
  assert.deepEqual(tokenize("It flat-lines, didn’t it? 0.5% of 1,024.").map((t) => [t.text, t.norm, t.kind]), [
    ['It', 'it', 'word'], ['flat-lines', 'flat-lines', 'word'], [',', ',', 'punct'], ['didn’t', "didn't", 'word'], ['it', 'it', 'word'], ['?', '?', 'punct'],
    ['0.5%', '0.5%', 'number'], ['of', 'of', 'word'], ['1,024', '1,024', 'number'], ['.', '.', 'punct'],
  ]);
});
