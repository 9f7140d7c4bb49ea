// The detail of an analysis as the protocol thread receives it: packed in pieces, of which a hover
// unpacks only those around its offset. Whatever the offset, the hover (and a definition) from that
// view must be the hover from the whole detail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNote } from '../../../server/src/core/analyze';
import type { Drug, Source, Statistic } from '../../../server/src/core/types';
import { PackedDetail, fromFindings, withDetail } from '../../../server/src/worker/client';
import { PART_ITEMS, detailOf, packDetail, toDetail } from '../../../server/src/worker/snapshot';
import { AnalysisCache } from '../../../server/src/core/incremental';
import type { PlacedList } from '../../../server/src/core/placed';
import { hoverAt } from '../../../server/src/lsp/hover';
import { definitionAt } from '../../../server/src/lsp/citations';

const sources: Source[] = [
  { id: 'lee2019', title: 'Natalizumab in relapsing MS: a randomised trial', authors: ['Lee A', 'Smith B'], year: 2019, text: 'In this randomised trial of 900 adults, natalizumab reduced the relapse rate by 31% (95% CI 12 to 45).' },
  { id: 'okafor2021', title: 'Metformin and colorectal cancer: a cohort study', authors: ['Okafor C'], year: 2021, text: '' },
];
const PARAGRAPHS = [
  '## Week {i}\n',
  'In cohort {i}, natalizumab (Tysabri) reduced the relapse rate by 31% (95% CI 12 to 45, p = 0.004) [@lee2019]. It clearly proves that MS is cured.\n',
  'Metformin prevents colorectal cancer in 17 of 24 patients (71%) [@okafor2021]; warfarin, t(16) = 4.11, p = .001.\n',
  '- Dapagliflozin may lower HbA1c (HR 0.70, 95% CI 0.59–0.83) [@nokey].\n- Rituximab is associated with fewer relapses.\n',
];
const note = (n: number): string => Array.from({ length: n }, (_, i) => PARAGRAPHS[i % PARAGRAPHS.length].replace('{i}', String(i))).join('\n');

function packed(text: string): { base: ReturnType<typeof fromFindings>; detail: PackedDetail } {
  const analysed = analyzeNote(text, { sources });
  const base = fromFindings({ key: 'n.md', version: 1, text, config: {} }, analysed.analysis.findings);
  const data = packDetail(toDetail(analysed));
  return { base, detail: new PackedDetail({ ...data, bytes: new Uint8Array(data.bytes) }) };
}

test('a hover from the detail around its offset is the hover from the whole detail, at every offset', () => {
  const text = note(100);
  const { base, detail } = packed(text);
  const whole = withDetail(base, packed(text).detail.unpack());
  assert.ok(whole.context.sentences.length > 2 * PART_ITEMS, 'the note has several parts of sentences');
  let hovers = 0;
  for (let offset = 0; offset <= text.length; offset++) {
    const view = detail.view(base, offset);
    assert.ok(view.context.sentences.length <= 3 * PART_ITEMS, `a view holds a few parts, not the whole note (offset ${offset})`);
    const expected = hoverAt(whole, offset);
    assert.deepEqual(hoverAt(view, offset), expected, `hover at ${offset}`);
    assert.deepEqual(definitionAt(detail.view(base), offset, 'file:///n.md'), definitionAt(whole, offset, 'file:///n.md'), `definition at ${offset}`);
    if (expected) hovers++;
  }
  assert.ok(hovers > text.length / 2, 'most offsets have a hover');
});

test('findings packed with the detail: a view at an offset unpacks only their parts around it, and hovers the same', () => {
  // As when the diagnostics went out prepared: the findings come with the detail, not with the job.
  const text = note(300);
  const analysed = analyzeNote(text, { sources });
  const findings = analysed.analysis.findings;
  const base = fromFindings({ key: 'n.md', version: 1, text, config: {} }, []);
  const data = packDetail(toDetail(analysed), undefined, findings)!;
  const detail = new PackedDetail({ ...data, bytes: new Uint8Array(data.bytes) });
  const whole = withDetail(base, detail.unpack(), detail.findings());
  assert.deepEqual(detail.findings(), findings, 'without an offset: all of them');
  assert.ok(data.findings!.length > 2, 'the note has several parts of findings');
  let hoversWithFindings = 0;
  for (let offset = 0; offset <= text.length; offset += 7) {
    const view = detail.view(base, offset);
    assert.ok(view.analysis.findings.length < findings.length, `a view holds some parts of the findings, not all (offset ${offset})`);
    const expected = hoverAt(whole, offset);
    assert.deepEqual(hoverAt(view, offset), expected, `hover at ${offset}`);
    if (expected?.contents && JSON.stringify(expected.contents).includes('Evidence Lens ·')) hoversWithFindings++;
  }
  assert.ok(hoversWithFindings > 50, 'many hovers show findings');
});

test('unpacked whole, the packed detail is the detail; sections the next analysis did not change are taken over', () => {
  const text = note(12);
  const analysed = analyzeNote(text, { sources });
  const data = packDetail(toDetail(analysed));
  const first = new PackedDetail(data);
  assert.deepEqual(first.unpack(), toDetail(analysed));
  const edited = text.replace('It clearly proves', 'It proves');
  const second = new PackedDetail(packDetail(toDetail(analyzeNote(edited, { sources }))));
  second.follows(first);
  assert.equal(second.section('sources'), first.section('sources'), 'same sources: the unpacked ones are re-used');
  assert.notEqual(second.section('claims'), first.section('claims'), 'changed claims are unpacked anew');
  assert.deepEqual(second.section('claims'), toDetail(analyzeNote(edited, { sources })).claims);
});

test('a detail packed from an analysis whose blocks moved is the detail with every list whole, and its packing stops between blocks', () => {
  // The worker packs the drugs and statistics where the analysis left them (each block's, moved
  // as it is reached), not lists made whole first: the same bytes' worth of detail either way.
  const text = note(200);
  const cache = new AnalysisCache();
  analyzeNote(text, { sources, cache });
  const edited = `# Notes\n\n${text}`; // every block moves
  const moved = analyzeNote(edited, { sources, cache });
  const placed = (moved.context as { placed?: { drugs: PlacedList<Drug> } }).placed;
  assert.ok(placed && placed.drugs.partCount > 1, 'the analysis left its drugs in blocks');
  const unpacked = new PackedDetail(packDetail(detailOf(moved))).unpack();
  assert.deepEqual(unpacked, toDetail(analyzeNote(edited, { sources })), 'the same detail as a full analysis gives');
  // It asks whether to stop before each block's items (not only every PART_ITEMS items), and stops when told to.
  const again = analyzeNote(`${edited}\n\nMore.`, { sources, cache });
  const lists = (again.context as { placed?: { drugs: PlacedList<Drug>; statistics: PlacedList<Statistic> } }).placed!;
  let questions = 0;
  assert.ok(packDetail(detailOf(again), () => (questions++, false)));
  assert.ok(questions >= lists.drugs.partCount + lists.statistics.partCount, `${questions} questions for ${lists.drugs.partCount + lists.statistics.partCount} blocks`);
  let asked = 0;
  assert.equal(packDetail(detailOf(again), () => ++asked > questions - 5), undefined, 'told to stop near the end: nothing packed');
  assert.equal(asked, questions - 4, 'it stopped at once');
});
