import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importDrugBankCsv, importRxNormConso, parseCsv } from '../../../server/src/core/drugs/importers';
import { createDrugRecognizer } from '../../../server/src/core/drugs/index';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'drugs');
const read = (f: string) => readFileSync(path.join(fixtures, f), 'utf8');

test('parseCsv handles quotes, doubled quotes and commas inside fields', () => {
  assert.deepEqual(parseCsv('a,"b, c","d ""e"""\n1,2,3\n'), [['a', 'b, c', 'd "e"'], ['1', '2', '3']]);
});

test('DrugBank open vocabulary: common names and usable synonyms, generic = common name', () => {
  const entries = importDrugBankCsv(read('drugbank_vocabulary.csv'));
  assert.deepEqual(entries.filter((e) => e.generic === 'Zorbalizumab').map((e) => e.name),
    ['Zorbalizumab', 'anti-XYZ monoclonal antibody ZB-1']);
  const q = entries.filter((e) => e.generic === 'Quintafloxan').map((e) => e.name);
  assert.ok(q.includes('Quintafloxan hydrochloride'));
  assert.ok(!q.includes('QF'), 'two-letter codes are dropped');
  assert.ok(!q.some((n) => n.startsWith('7-(3-aminopyrrolidin')), 'long systematic names are dropped');
  assert.ok(entries.some((e) => e.name === 'Merolide, "sustained"'));
});

test('RxNorm CONSO: IN generics, PIN synonyms, brands attached via SBD names, suppressed and other sources skipped', () => {
  const entries = importRxNormConso(read('RXNCONSO.RRF'));
  const zorb = entries.find((e) => e.name === 'zorbalizumab');
  assert.deepEqual(zorb?.brands, ['Zorbatra']);
  const combo = entries.find((e) => e.generic === 'quintafloxan/velmasartan');
  assert.deepEqual(combo?.brands, ['Duoquint']);
  assert.equal(entries.find((e) => e.name === 'quintafloxan hydrochloride')?.generic, 'quintafloxan');
  const lone = entries.find((e) => e.name === 'Lonebrand');
  assert.deepEqual(lone?.brands, ['Lonebrand']);
  assert.ok(!entries.some((e) => e.name === 'obsoletamab'), 'suppressed rows skipped');
  assert.ok(!entries.some((e) => e.name === 'zorbalizumab injection'), 'non-RXNORM sources skipped');
});

test('imported entries drive the recogniser', () => {
  const r = createDrugRecognizer(importRxNormConso(read('RXNCONSO.RRF')));
  const ds = r.find('Zorbatra (zorbalizumab) and quintafloxan hydrochloride.');
  assert.deepEqual(ds.map((d) => [d.text, d.generic, d.origin]), [
    ['Zorbatra', 'zorbalizumab', 'user'], ['zorbalizumab', 'zorbalizumab', 'user'],
    ['quintafloxan hydrochloride', 'quintafloxan', 'user'],
  ]);
});
