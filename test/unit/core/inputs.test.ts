import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareNoteInputs, readDrugLexicon } from '../../../server/src/workspace/inputs';
import { analyze } from '../../../server/src/core/analyze';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'drugs');

test('user drug lexicons load by format (JSON, DrugBank CSV, RxNorm RRF) and feed the recogniser', async () => {
  const csv = readdirSync(fixtures).find((f) => f.endsWith('.csv'))!;
  const rrf = readdirSync(fixtures).find((f) => f.toUpperCase().endsWith('.RRF'))!;
  assert.ok(readDrugLexicon(path.join(fixtures, csv)).length > 0);
  assert.ok(readDrugLexicon(path.join(fixtures, rrf)).length > 0);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-lex-'));
  try {
    writeFileSync(path.join(dir, 'mine.json'), JSON.stringify([{ name: 'zorbatinex', class: 'test class' }]));
    writeFileSync(path.join(dir, 'bad.txt'), 'x');
    const inputs = await prepareNoteInputs('', path.join(dir, 'n.md'), {
      drugLexicons: [path.join(dir, 'mine.json'), path.join(dir, 'bad.txt'), path.join(dir, 'missing.csv')],
    });
    assert.equal(inputs.warnings.length, 2, inputs.warnings.join('\n'));
    assert.match(inputs.warnings[0], /bad\.txt: unknown lexicon format/);
    assert.match(inputs.warnings[1], /missing\.csv/);
    const drugs = analyze('Patients took zorbatinex daily.', inputs.options).drugs;
    assert.deepEqual(drugs.map((d) => [d.text, d.origin]), [['zorbatinex', 'user']]);
  } finally { rmSync(dir, { recursive: true }); }
});

test('a drug lexicon is parsed once and read again only when the file changes', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-lex-'));
  try {
    const file = path.join(dir, 'mine.json');
    writeFileSync(file, JSON.stringify([{ name: 'zorbatinex' }]));
    const config = { drugLexicons: [file] };
    const first = await prepareNoteInputs('', path.join(dir, 'n.md'), config);
    const second = await prepareNoteInputs('', path.join(dir, 'n.md'), config);
    // Unchanged inputs give the very same list, so the core's recogniser is reused, not rebuilt.
    assert.equal(first.options.settings!.drugs, second.options.settings!.drugs);
    writeFileSync(file, JSON.stringify([{ name: 'zorbatinex' }, { name: 'quelvaprant' }]));
    const third = await prepareNoteInputs('', path.join(dir, 'n.md'), config);
    assert.notEqual(third.options.settings!.drugs, first.options.settings!.drugs);
    const drugs = analyze('Patients took quelvaprant daily.', third.options).drugs;
    assert.deepEqual(drugs.map((d) => d.text), ['quelvaprant']);
  } finally { rmSync(dir, { recursive: true }); }
});
