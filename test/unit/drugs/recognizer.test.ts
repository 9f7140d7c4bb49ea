import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDrugRecognizer } from '../../../server/src/core/drugs/index';
import type { Drug } from '../../../server/src/core/types';

const r = createDrugRecognizer();
const find = (text: string, offset = 0): Drug[] => r.find(text, offset);
const texts = (text: string): string[] => find(text).map((d) => d.text);

test('every MS disease-modifying therapy is recognised by generic and brand', () => {
  const cases: [string, string][] = [
    ['natalizumab', 'Tysabri'], ['ocrelizumab', 'Ocrevus'], ['ofatumumab', 'Kesimpta'], ['alemtuzumab', 'Lemtrada'],
    ['rituximab', 'Rituxan'], ['fingolimod', 'Gilenya'], ['siponimod', 'Mayzent'], ['ozanimod', 'Zeposia'],
    ['ponesimod', 'Ponvory'], ['cladribine', 'Mavenclad'], ['dimethyl fumarate', 'Tecfidera'],
    ['diroximel fumarate', 'Vumerity'], ['monomethyl fumarate', 'Bafiertam'], ['teriflunomide', 'Aubagio'],
    ['glatiramer acetate', 'Copaxone'], ['interferon beta-1a', 'Avonex'], ['interferon beta-1a', 'Rebif'],
    ['peginterferon beta-1a', 'Plegridy'], ['interferon beta-1b', 'Betaseron'], ['interferon beta-1b', 'Extavia'],
    ['mitoxantrone', 'Novantrone'], ['ublituximab', 'Briumvi'], ['daclizumab', 'Zinbryta'],
  ];
  for (const [generic, brand] of cases) {
    const g = find(`Patients received ${generic} for two years.`);
    assert.equal(g.length, 1, generic);
    assert.equal(g[0].text, generic);
    assert.equal(g[0].generic, generic);
    assert.equal(g[0].origin, 'lexicon');
    assert.ok(g[0].class?.includes('multiple sclerosis'), `${generic} class: ${g[0].class}`);
    const b = find(`Patients received ${brand} for two years.`);
    assert.equal(b.length, 1, brand);
    assert.equal(b[0].brand, brand);
    assert.equal(b[0].generic, generic);
  }
});

test('exact ranges, offset added, case-insensitive generics', () => {
  const text = 'After NATALIZUMAB, Natalizumab and natalizumab.';
  const ds = find(text, 100);
  assert.deepEqual(ds.map((d) => [d.start, d.end]), [[106, 117], [119, 130], [135, 146]]);
  for (const d of ds) assert.equal(text.slice(d.start - 100, d.end - 100), d.text);
});

test('a brand that is an English word matches only when capitalised', () => {
  assert.deepEqual(texts('She played a sonata before bed.'), []);
  const ds = find('She took Sonata before bed.');
  assert.equal(ds.length, 1);
  assert.equal(ds[0].generic, 'zaleplon');
});

test('multi-word names, combinations and salts take the whole span', () => {
  assert.deepEqual(texts('Insulin glargine and interferon beta 1a were compared with dimethyl fumarate.'),
    ['Insulin glargine', 'interferon beta 1a', 'dimethyl fumarate']);
  const combo = find('Sacubitril/valsartan reduced admissions.');
  assert.equal(combo.length, 1);
  assert.equal(combo[0].text, 'Sacubitril/valsartan');
  assert.equal(combo[0].generic, 'sacubitril/valsartan');
  const salt = find('Mitoxantrone hydrochloride 12 mg/m2 was given.');
  assert.equal(salt[0].text, 'Mitoxantrone hydrochloride');
  assert.equal(salt[0].generic, 'mitoxantrone');
  assert.deepEqual(texts('labetalol HCl and Augmentin XR'), ['labetalol HCl', 'Augmentin XR']);
});

test('plurals and possessives; no hits inside other words', () => {
  assert.deepEqual(texts("Tysabri's label warns of PML."), ['Tysabri']);
  assert.deepEqual(texts('Two Tysabris were compared.'), ['Tysabris']);
  assert.deepEqual(texts('Prewarfarin values and aspirinlike effects were seen.'), []);
  assert.deepEqual(texts('Statins, heparins, amphetamines and beta-blockers are classes.'), []);
});

test('class words and physiological uses are not drugs', () => {
  assert.deepEqual(texts('Calcium channel blockers and ACE inhibitors lower pressure.'), []);
  assert.deepEqual(texts('Serum potassium and dopamine receptors were measured.'), []);
  assert.deepEqual(texts('Warfarin-type anticoagulants need monitoring.'), []);
  assert.deepEqual(texts('Potassium chloride was given.'), ['Potassium chloride']);
});

test('unknown drugs by INN stem get origin stem and the stem class', () => {
  const ds = find('Frobalizumab and quexatinib were tested against zorvastatin.');
  assert.deepEqual(ds.map((d) => [d.text, d.origin]), [['Frobalizumab', 'stem'], ['quexatinib', 'stem'], ['zorvastatin', 'stem']]);
  assert.match(ds[0].class ?? '', /monoclonal antibody/);
  assert.match(ds[1].class ?? '', /kinase inhibitor/);
  assert.match(ds[2].class ?? '', /statin/);
});

test('ordinary English words never match as stems', () => {
  assert.deepEqual(texts('The thermostat concept was intercepted in April; cholesterol and peptides rose.'), []);
});

test('user entries add names with origin user and win over the stem', () => {
  const u = createDrugRecognizer([{ name: 'frobalizumab', brands: ['Frobex'], class: 'anti-FOO antibody', mechanism: 'blocks FOO' }]);
  const ds = u.find('Frobex (frobalizumab) was well tolerated; natalizumab too.');
  assert.deepEqual(ds.map((d) => [d.text, d.generic, d.origin]), [
    ['Frobex', 'frobalizumab', 'user'], ['frobalizumab', 'frobalizumab', 'user'], ['natalizumab', 'natalizumab', 'lexicon'],
  ]);
  assert.equal(ds[0].class, 'anti-FOO antibody');
});

test('a brand that is an English word opens a sentence only as a drug when drug context follows', () => {
  assert.deepEqual(texts('Sonata was the code name of an unrelated study.'), []);
  assert.deepEqual(texts('Sonata 10 mg was given at bedtime.'), ['Sonata']);
  assert.deepEqual(texts('Sonata (zaleplon) shortened sleep latency.'), ['Sonata', 'zaleplon']);
  assert.deepEqual(texts('Patients took Sonata at night.'), ['Sonata']);
  assert.deepEqual(texts('Results were mixed. Sonata was the code name.'), []);
});

test('instrument nouns in -ostat are not -stat enzyme inhibitors', () => {
  assert.deepEqual(texts('The hemostat, cryostat and chemostat were cleaned.'), []);
  assert.deepEqual(texts('Orlistat and febuxostat were stopped; barilistat is unknown.'), ['Orlistat', 'febuxostat', 'barilistat']);
});

test('English-word brands in capitals or before a study word are trial acronyms', () => {
  assert.deepEqual(texts('In the MUSE trial and the SONATA study, nothing was given.'), []);
  assert.deepEqual(texts('Patients in the Sonata trial slept badly.'), []);
  assert.deepEqual(texts('EMEND 125 mg was given before cisplatin.'), ['EMEND', 'cisplatin']);
  assert.deepEqual(texts('LIPITOR was given.'), ['LIPITOR']);
});
