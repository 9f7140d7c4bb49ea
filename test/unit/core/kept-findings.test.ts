// A note's next analysis gives back the last one's finding objects where an edit left a finding's
// draft unchanged and unmoved (see runRules), and only there: a finding whose line moved, whose
// citation changed, or that sits after the edit is made again. Results are those of a fresh analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNote, type NoteAnalysis } from '../../../server/src/core/analyze';
import { AnalysisCache } from '../../../server/src/core/incremental';
import type { Finding } from '../../../server/src/core/types';

const FIRST = 'Aspirin clearly cures headache in everyone [@nokey].\n';
const SECOND = 'Warfarin definitely eliminates stroke in all patients [@other].\n';
const NOTE = `# Notes\n\n${FIRST}\n${SECOND}`;

/** The incremental analysis of `text` (checked against a fresh one). */
function analyse(text: string, cache: AnalysisCache): NoteAnalysis {
  const note = analyzeNote(text, { cache });
  assert.deepStrictEqual(note.analysis, analyzeNote(text, { wholeParse: true }).analysis, text);
  return note;
}

const inside = (text: string, part: string) => (f: Finding) => f.start >= text.indexOf(part) && f.end <= text.indexOf(part) + part.length;

test('an edit after a paragraph keeps its findings (the same objects); the edited paragraph gets new ones', () => {
  const cache = new AnalysisCache();
  const before = analyse(NOTE, cache).analysis.findings;
  const edited = NOTE.replace('Warfarin definitely', 'Warfarin really definitely');
  const after = analyse(edited, cache).analysis.findings;
  const kept = after.filter(inside(edited, FIRST));
  // overstated-language (a sentence's draft) and unresolved-citation (a citation's draft) both.
  assert.deepEqual(new Set(kept.map((f) => f.ruleId)), new Set(['overstated-language', 'unresolved-citation']));
  for (const f of kept) assert.ok(before.includes(f), `${f.ruleId} at ${f.start} is the last analysis's`);
  const remade = after.filter(inside(edited, SECOND.replace('Warfarin definitely', 'Warfarin really definitely')));
  assert.ok(remade.length > 0);
  for (const f of remade) assert.ok(!before.includes(f), `${f.ruleId} at ${f.start} is new`);
});

test('a finding whose sentence is unchanged is made again when its place moves, its line changes, or its citation changes', () => {
  const cache = new AnalysisCache();
  let last = analyse(NOTE, cache).analysis.findings;
  const step = (text: string): { now: Finding[]; was: Finding[] } => {
    const was = last;
    last = analyse(text, cache).analysis.findings;
    return { now: last, was };
  };
  // Moved: a character typed above every finding.
  const moved = NOTE.replace('# Notes', '# Notes!');
  let { now, was } = step(moved);
  assert.ok(now.length > 0);
  for (const f of now) assert.ok(!was.includes(f), `${f.ruleId} at ${f.start} moved`);
  // Not moved, another line: a space above turned into a line break (the same length).
  const broken = moved.replace('# Notes!', '#\nNotes!');
  ({ now, was } = step(broken));
  const online = now.filter(inside(broken, FIRST));
  assert.equal(online.length, 3);
  for (const f of online) {
    assert.ok(!was.includes(f), `${f.ruleId} at ${f.start} is on another line`);
    assert.ok(was.some((w) => w.ruleId === f.ruleId && w.start === f.start && w.line === f.line - 1));
  }
  // Not moved, the same line, the citation key changed (the same length): the citation's finding is new, the sentence's kept.
  const rekeyed = broken.replace('[@nokey]', '[@nokez]');
  ({ now, was } = step(rekeyed));
  const citation = now.find((f) => f.ruleId === 'unresolved-citation' && f.message.includes('nokez'));
  assert.ok(citation && !was.includes(citation));
  const unchanged = now.filter(inside(rekeyed, SECOND));
  assert.equal(unchanged.length, 3);
  for (const f of unchanged) assert.ok(was.includes(f), `${f.ruleId} at ${f.start} is the last analysis's`);
});

test('a finding moved by an edit before it shares its data with the last analysis\'s (its draft\'s message and data are kept), unless its data holds offsets', () => {
  const cache = new AnalysisCache();
  const before = analyse(NOTE, cache).analysis.findings;
  const moved = NOTE.replace('# Notes', '# Notes!');
  const after = analyse(moved, cache).analysis.findings;
  assert.ok(after.length > 0 && after.length === before.length);
  for (const f of after) {
    const was = before.find((w) => w.ruleId === f.ruleId && w.start === f.start - 1 && w.message === f.message)!;
    assert.ok(was, `${f.ruleId} at ${f.start}`);
    // A new finding (it moved), the same data object (made from the same draft data) unless offsets in it moved too.
    assert.notEqual(f, was);
    if (/"(start|end)":/.test(JSON.stringify(f.data))) assert.notEqual(f.data, was.data, `${f.ruleId} at ${f.start}`);
    else assert.equal(f.data, was.data, `${f.ruleId} at ${f.start}`);
  }
  assert.ok(after.some((f) => f.ruleId === 'unresolved-citation' && f.data === before.find((w) => w.start === f.start - 1)!.data));
  // A citation's quick fixes hold offsets: moved, its data is made again (and the same as a fresh analysis's).
  const sources = [{ id: 'nokey2020', title: 'A trial', text: 'Aspirin reduced headache.' }];
  const withFixes = new AnalysisCache();
  const first = analyzeNote(NOTE, { cache: withFixes, sources }).analysis.findings.filter((f) => f.ruleId === 'unresolved-citation');
  const next = analyzeNote(moved, { cache: withFixes, sources });
  assert.deepStrictEqual(next.analysis, analyzeNote(moved, { sources, wholeParse: true }).analysis);
  const fixed = next.analysis.findings.filter((f) => f.ruleId === 'unresolved-citation' && (f.data?.fixes as unknown[]).length > 0);
  assert.ok(fixed.length > 0, JSON.stringify(first));
  for (const f of fixed) assert.ok(!first.some((w) => w.data === f.data));
});
