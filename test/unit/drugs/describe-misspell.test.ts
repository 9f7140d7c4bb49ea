import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDrugRecognizer } from '../../../server/src/core/drugs/index';
import { describeDrug } from '../../../server/src/core/drugs/describe';
import { suggestDrugNames } from '../../../server/src/core/drugs/misspell';
import { analyze } from '../../../server/src/core/analyze';

test('hover shows generic, brands, class, mechanism and origin', () => {
  const [d] = createDrugRecognizer().find('Tysabri was started.');
  const md = describeDrug(d);
  assert.match(md, /Tysabri.*natalizumab/);
  assert.match(md, /Brands:.*Tysabri/);
  assert.match(md, /Class: .*integrin/);
  assert.match(md, /Mechanism: .*alpha4-integrin/);
  assert.match(md, /bundled lexicon \(WHO INN/);
  const [s] = createDrugRecognizer().find('Frobalizumab was started.');
  assert.match(describeDrug(s), /recognised by its INN stem -lizumab/);
  const [u] = createDrugRecognizer([{ name: 'frobalizumab', brands: ['Frobex'], mechanism: 'blocks FOO' }]).find('Frobalizumab was started.');
  const um = describeDrug(u);
  assert.match(um, /your drug lexicon/);
  assert.match(um, /Brands: Frobex/);
  assert.match(um, /Mechanism: blocks FOO/);
});

test('misspellings get the closest drug; English words, known names and derived names do not', () => {
  assert.equal(suggestDrugNames('natalizimab')[0]?.name, 'natalizumab');
  assert.equal(suggestDrugNames('Fingolimode')[0]?.name, 'fingolimod');
  assert.equal(suggestDrugNames('Tysabry')[0]?.name, 'Tysabri');
  for (const w of ['natalizumab', 'aspiring', 'vasopressor', 'fosinoprilat', 'tysabry', 'patients', 'relapse', 'Canada']) {
    assert.deepEqual(suggestDrugNames(w), [], w);
  }
});

test('medical words with an English suffix are not misspelled drugs; sentence-initial capitals are not brands', () => {
  assert.deepEqual(suggestDrugNames('metastatic'), []);
  assert.deepEqual(suggestDrugNames('Metastatic'), []);
  assert.equal(suggestDrugNames('atorvastatine')[0]?.name, 'atorvastatin');
  const ids = (t: string) => analyze(t, {}).findings.filter((f) => f.ruleId === 'drug-name-misspelled').map((f) => t.slice(f.start, f.end));
  assert.deepEqual(ids('Granulocyte counts fell after chemotherapy.'), []);
  assert.deepEqual(ids('Tysabry was given monthly.'), ['Tysabry']);
  assert.deepEqual(ids('Metastatic disease progressed.'), []);
});
