import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultLexicon } from '../../../server/src/core/drugs/lexicon';
import stems from '../../../server/src/core/drugs/data/stems.json';
import notDrugs from '../../../server/src/core/drugs/data/not-drugs.json';
import english from '../../../server/src/core/drugs/data/english.json';

test('the lexicon has at least 1,500 generics, each with a class and provenance', () => {
  const lex = defaultLexicon();
  assert.ok(lex.length >= 1500, `only ${lex.length} generics`);
  for (const e of lex) {
    assert.ok(e.class && e.class.length > 3, `${e.generic} has no class`);
    assert.ok(e.provenance && e.provenance.length > 3, `${e.generic} has no provenance`);
  }
});

test('no name maps to two different generics', () => {
  const owner = new Map<string, string>();
  for (const e of defaultLexicon()) {
    for (const n of [e.generic, ...e.synonyms, ...e.brands]) {
      const k = n.toLowerCase();
      const prev = owner.get(k);
      assert.ok(prev === undefined || prev === e.generic, `${n}: ${prev} and ${e.generic}`);
      owner.set(k, e.generic);
    }
  }
});

test('stems, class words and English words carry provenance', () => {
  for (const s of stems.stems) assert.ok(s.provenance && s.class, s.stem);
  for (const e of notDrugs.entries) assert.ok(e.provenance, e.text);
  assert.ok(notDrugs.endogenous.provenance);
  assert.ok(english.provenance && english.words.length > 100);
});
