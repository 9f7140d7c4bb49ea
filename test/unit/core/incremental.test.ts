// Incremental analysis (one AnalysisCache kept across a note's versions) must give exactly what a
// fresh analysis of the note parsed in one piece gives: same findings, same analysis, same tree, after any sequence of edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeNote, type AnalyzeOptions, type NoteAnalysis } from '../../../server/src/core/analyze';
import { AnalysisCache } from '../../../server/src/core/incremental';
import { BlockParser, recut, splitBlocks } from '../../../server/src/core/markdown/blocks';
import type { Source } from '../../../server/src/core/types';
import { forgetFrontMatter } from '../../../server/src/core/evidence/sources';

const sources: Source[] = [
  { id: 'lee2019', title: 'Apixaban versus warfarin in atrial fibrillation: a randomised trial', authors: ['Lee A'], year: 2019, text: 'In this randomised controlled trial of 1200 adults, apixaban reduced stroke compared with warfarin (HR 0.79, 95% CI 0.66 to 0.95; p = 0.01).' },
  { id: 'okafor2021', title: 'Metformin and colorectal cancer: a cohort study', authors: ['Okafor C'], year: 2021, text: 'In a cohort of 40,000 patients, metformin use was associated with a lower incidence of colorectal cancer (HR 0.88, 95% CI 0.80 to 0.97).' },
];

// Fragments of the constructs whose parse or recognition crosses block boundaries, or could.
const FRAGMENTS = [
  '# Results\n',
  'Setext title\n============\n',
  'Apixaban reduced stroke by 40% (HR 0.79, 95% CI 0.66 to 0.95; p = 0.01) [@lee2019].\n',
  'Metformin always prevents colorectal cancer in 17 of 24 patients (71%), t(16) = 4.11, p = .001 [1].\n',
  'See the trial[^1] and the [cohort][okafor] and [okafor] too.\n',
  '[okafor]: https://doi.org/10.1000/okafor "Cohort"\n',
  '[^1]: Lee et al. 2019, a randomised trial.\n\n    A second paragraph of the footnote.\n',
  '- Warfarin is associated with bleeding (p < 0.05).\n- Rivaroxaban clearly cures atrial fibrillation.\n',
  '1. First item reduced mortality by 20%.\n\n2. Second item, loose list, mean 3.45 (SD 1.2) in n = 11.\n',
  '- item with code\n\n  ```\n  code in item\n\n  still code\n  ```\n',
  '> RESULTS: aspirin lowered risk (RR 0.80, 95% CI 0.70 to 0.90).\n> Is this a game changer?\n',
  '| Drug | Effect |\n|---|---|\n| apixaban | fewer strokes, p = .048 |\n',
  '```python\nx = 1\n\nprint("p = 1.5")\n```\n',
  '~~~~\nfenced ~~~ text\n\n~~~\n~~~~\n',
  '$$\nE = mc^2\n\n\\frac{1}{2}\n$$\n',
  '<!-- evidence-lens-disable-next-line overstated-language -->\nIt clearly proves everything works.\n',
  '<!--\na comment\n\nwith a blank line\n-->\n',
  '<div>\nhtml block\n</div>\n',
  '    indented code p = 2\n',
  'Lee et al. (2019) showed that apixaban reduces stroke.\n',
  '***\n',
  '## References\n\n1. Lee A, et al. Apixaban versus warfarin. 2019. doi:10.1000/lee\n',
  // What the document-level stages read across blocks: sections (statement kinds, designs named in
  // headings), a paragraph's design, first mentions, anaphora, misspelt drugs, numbered citations.
  '## Methods\n\nWe measured stroke in 40 patients.\n',
  '### Background\n\nStatins reduce strokes in adults.\n',
  '## Registry cohort\n\nIn a registry cohort of 12,000 adults, statin use reduced dementia by 20%.\n',
  'Natalizimab reduced relapses. Natalizimab again, and CT-996, CT-996 and CT-966.\n',
  'Tysabri (natalizumab) lowered relapses; later natalizumab alone.\n',
  'This study showed fewer strokes (1). It also found less bleeding [2].\n',
  'Okafor et al. (2021) found that metformin prevents cancer.\n',
  'Aspirin reduced strokes [@smith2020], unlike [@nokey].\n',
  // Statistics judged sentence by sentence (drafts kept per sentence and moved with it).
  'Mortality was significantly lower (p = 0.21); relapses did not differ significantly (p = 0.004).\n',
  'With ARR 5%, NNT 12. Relapses fell (HR 0.72, 95% CI 0.61–0.89, p = 0.20), t(28) = 1.20, p = .03.\n',
  'On the 0–10 integer pain scale, the mean was 3.45 (n = 11).\n',
  '2. Okafor C. Metformin and colorectal cancer: a cohort study. 2021.\n',
  '<!-- evidence-lens-disable overstated-language -->\n',
  '> It clearly proves everything.\n>\n> - quoted item reduced risk by 50%\n',
  // What the note structure reads block by block (links, anchors, superscripts, wiki links,
  // footnotes, sections at several depths), joined per analysis.
  '#### Subgroup analysis\n\nIn women, see [[Lee 2019|the trial]] and \\[\\[Okafor\\]\\].\n',
  'Stroke fell by 20%^1,2^ and bleeding<sup>3</sup> rose; see <a href="https://doi.org/10.1000/lee">Lee</a>.\n',
  '<a name="fn1"></a>1. Lee A. Apixaban versus warfarin. 2019.\n',
  '[[2]](#fn2) Okafor et al. 2021 found fewer cancers.\n',
  // A statement kind that depends on the sentence before, in another block.
  'Suppose that 100 adults took aspirin.\n',
  'Then the risk would fall by 4 points.\n',
  // Evidence kept per sentence: an uncited claim the library matches (a suggestion), a claim compared
  // with its cited source, a quote under a citing paragraph (a passage of that source), a structured
  // abstract quoted in the note (a source at an offset), a claim resting on it by anaphora.
  'Apixaban reduced stroke compared with warfarin in adults with atrial fibrillation.\n',
  'Metformin use prevented colorectal cancer in 40,000 patients (HR 0.78) [@okafor2021].\n',
  'The trial reported [@lee2019]:\n\n> Apixaban reduced stroke compared with warfarin (HR 0.79).\n',
  'Lee A, Okafor C. Apixaban for stroke prevention: a randomised trial. Lancet. 2019.\n\nMETHODS: 1200 adults were randomised.\n\nRESULTS: Apixaban reduced stroke (HR 0.70).\n',
  'This trial proves that apixaban always cures stroke.\n',
  // Rules judged sentence by sentence reading around it: absence of effect concluded in the same or
  // the next sentence, appeals to unnamed evidence, sweeping uncited findings, causal wording.
  'Relapses fell (HR 0.90, 95% CI 0.70 to 1.15, p = 0.40). The drug therefore had no effect on relapses.\n',
  'Vitamin D had no effect on relapse rate (RR 0.85, 95% CI 0.62–1.17, p = 0.32).\n',
  'Studies have shown that aspirin prevents every case of stroke. For example, [2].\n',
  '- In a cohort of 900 adults, statins were linked to less dementia.\n- Statins prevent dementia.\n',
  // Citations the linker finds sentence by sentence (kept per sentence and played again): stub
  // sources made for identifiers and found again further on (a DOI in other case, a key naming the
  // stub), bare and unclosed keys, author-year mentions, marks in code.
  'Stroke fell after doi:10.1000/ABC and PMID: 12345678. Again doi:10.1000/abc, PMID 12345678 and [@doi:10.1000/ABC].\n',
  'The pooled estimate [lee2019] and [@okafor2021. differ; `[@lee2019]` and `doi:10.1000/code` are code.\n',
  'Okafor (2021) and Lee and Okafor (2019) found fewer strokes; see https://pubmed.ncbi.nlm.nih.gov/12345678 too.\n',
  // What a sentence's citations depend on besides its text: whether keys are expected and which
  // numbers the reference list holds (edits elsewhere), a link over a mark (its definition may go),
  // a code span opened in the sentence before.
  'As @okafor2021 and @nobody2020 argued, metformin lowers risk [2].\n',
  'Fewer cancers were seen [PMID 12345678][okafor] in the cohort.\n',
  'Stroke fell `in one arm. Then [@lee2019] and doi:10.1000/zz were` seen.\n',
];

const FRONT_MATTER = '---\ntitle: A note\nbibliography: refs.bib\ndoi: 10.1000/lee\nreferences:\n  - id: smith2020\n    title: Aspirin in a cohort study\n    issued: {date-parts: [[2020]]}\n---\n\n';
// How a note may start: no front matter, a closed one, one opened and never closed (the whole note
// is then read without lists, quotes or footnotes), and the states of typing `---` at the top.
const OPENINGS = ['', FRONT_MATTER, FRONT_MATTER.slice(0, FRONT_MATTER.lastIndexOf('---')), '---\n', '---\n\n', '--- \ntitle: B\n\n', '-', '--', '---', '+++\n', '+++\ntitle = "B"\n\n', '---\r\ntitle: C\r\n\r\n',
  // A byte-order mark (micromark drops it before reading).
  '\uFEFF', `\uFEFF${FRONT_MATTER}`];
// A fragment with a `---` line closes a front matter left open above it.
const WITH_RULE = 'Above the rule.\n\n---\n\nBelow the rule, aspirin cures everything.\n';

const note = fc.tuple(
  fc.constantFrom(...OPENINGS),
  fc.array(fc.constantFrom(...FRAGMENTS, ...FRAGMENTS, WITH_RULE), { minLength: 1, maxLength: 10 }),
  fc.array(fc.constantFrom('\n', '\n\n', '', ' '), { minLength: 10, maxLength: 10 }),
).map(([opening, parts, gaps]) =>
  opening + parts.map((p, i) => p + gaps[i % gaps.length]).join('\n'));

const INSERTS = ['x', ' ', '\n', '\n\n', '`', '[[', ']]', '^', '<sup>', '<a name="x">', '## ', '#### ', 'Our analysis ', 'If it were ', '```', '[', ']', '-', '- ', '#', '> ', '$$', '|', ':', '^', '*', '1. ', '<!--', '-->', '---', '---\n', '+++\n', '    ', '[x]: y', '[^1]', '[^1]: z', 'p = 0.04', '(95% CI 1.2 to 0.8)', 'clearly ',
  '## Methods\n', '# References\n', '## Results\n', 'cohort ', 'randomised trial ', 'natalizimab ', 'Tysabri ', 'This study ', 'It showed ',
  '[@lee2019]', '[@smith2020]', '[@nokey]', '(1) ', '[2]', 'doi:10.1000/okafor ', 'Lee et al. (2019) ', 'title: B\n', '  - id: x\n', '<!-- evidence-lens-disable-next-line -->\n', '> ',
  'RESULTS: ', 'apixaban ', 'warfarin reduced stroke ', '[@okafor2021]', 'HR 0.70 ', 'no effect ', '(p = 0.30) ', 'Studies have shown ', 'reduced ',
  // U+FEFF away from the note's start is a character like any other (micromark drops it only there).
  '\uFEFF', '\n\n\uFEFF',
  // Lines of Unicode spaces (JavaScript's \s, not Markdown's blank): text that continues a paragraph.
  '\n\n\uFEFF\n', '\n\n\u00A0\n', '\u3000\n',
  // A line ending the parser sees and the block scanner does not.
  '\r',
  // Marks the citation linker's sentence pass reads (see the fragments above).
  'doi:10.1000/ABC ', 'doi:10.1000/abc ', 'PMID: 12345678 ', '[lee2019] ', '[@doi:10.1000/ABC]', '[@okafor2021. ', 'Okafor (2021) '];
// What typing at a line's start does to the blocks: a table's delimiter row or a row edited (the
// table becomes a paragraph, or loses a row), a blank line typed into (two blocks joined) or made
// (a block split), a fence, math block or comment opened (the rest of the note swallowed) or closed,
// a list, quote or heading opened.
const LINE_STARTS = ['x', '\n', '\n\n', '```\n', '```', '~~~\n', '$$\n', '<!--\n', '-->\n', '- ', '1. ', '> ', '## ', '|', '|---|\n', '| a | b |\n|---|---|\n', '    '];
type Edit = { at: number; remove: number; insert: string } | { line: number; remove: number; insert: string } | { undo: number };
// Edits anywhere, typing at the very top (where `-`, `--`, `---` and a line end open a front matter),
// at a line's start (or removing a line end: two blocks joined), and going back to an earlier
// version (a table typed back from a paragraph, a fence closed again: results kept across versions).
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 6 }), insert: fc.constantFrom(...INSERTS) }) },
  { weight: 1, arbitrary: fc.record({ at: fc.constant(0), remove: fc.nat({ max: 4 }), insert: fc.constantFrom('-', '--', '---', '---\n', '\n', '+++\n', 'x') }) },
  { weight: 2, arbitrary: fc.record({ line: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.constantFrom(0, 0, 1, 2), insert: fc.constantFrom(...LINE_STARTS, '') }) },
  { weight: 1, arbitrary: fc.record({ undo: fc.nat({ max: 4 }) }) },
);

/** The note after `e`; `versions` are the note's texts so far (the last is `text`). */
function applyEdit(text: string, e: Edit, versions: string[]): string {
  if ('undo' in e) return versions[Math.max(0, versions.length - 2 - e.undo)];
  let at: number;
  if ('line' in e) {
    // The start of a line (removing from there takes the line end before it: lines joined).
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    at = starts[Math.min(starts.length - 1, Math.floor(e.line * starts.length))];
    if (e.remove && at > 0) return text.slice(0, Math.max(0, at - e.remove)) + e.insert + text.slice(at);
  } else at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function check(text: string, cache: AnalysisCache, options: AnalyzeOptions): NoteAnalysis {
  const incremental = analyzeNote(text, { ...options, cache });
  forgetFrontMatter();
  const full = analyzeNote(text, { ...options, wholeParse: true });
  assert.deepStrictEqual(incremental.analysis, full.analysis, text);
  assert.deepStrictEqual(plain(incremental.tree), plain(full.tree), text);
  // The structure the rules and the evidence stage read (assembled from the blocks' kept parts).
  assert.deepStrictEqual(incremental.context.structure, full.context.structure, text);
  // The citations the hover and go-to-definition read (kept sentence by sentence by the linker).
  assert.deepStrictEqual(plain(incremental.context.extras.citations), plain(full.context.extras.citations), text);
  return incremental;
}

/** What an analysis gave (its results and the sentences the stages read), to check that a later analysis does not change it. */
const given = (note: NoteAnalysis): string => JSON.stringify([note.analysis, note.context.sentences, note.context.drugs, note.context.statistics]);

test('property: after any sequence of edits, incremental analysis equals a full analysis', () => {
  fc.assert(fc.property(note, fc.array(edit, { minLength: 1, maxLength: 8 }), (start, edits) => {
    const options: AnalyzeOptions = { sources };
    const cache = new AnalysisCache();
    let text = start;
    const versions = [text];
    let last = check(text, cache, options);
    for (const e of edits) {
      text = applyEdit(text, e, versions);
      versions.push(text);
      // The next analysis shares with this one what it did not change, and must leave it as it was.
      const was = given(last);
      const before = last;
      last = check(text, cache, options);
      assert.equal(given(before), was, text);
    }
  }), { numRuns: Number(process.env.INCREMENTAL_RUNS ?? 150) });
});

test('a delimiter row without a pipe (":---" under a line) makes a table in the block as in the whole note', () => {
  // Found by the property above: the front matter's opening pushed down to `:---` under a typed
  // line. The block has no `|` and no other GFM syntax; the whole note has a `~~~` fence further on.
  const start = '---\ntitle: A note\nreferences:\n  - id: smith2020\n    title: Aspirin in a cohort study\n# Results\n\n~~~~\nfenced ~~~ text\n~~~~\n\n# Results\n';
  const cache = new AnalysisCache();
  let text = start;
  check(text, cache, { sources });
  for (const typed of [':', '  - id: x\n', 'x']) {
    text = typed + text;
    check(text, cache, { sources });
  }
  assert.ok(analyzeNote(text, { cache }).analysis.sentences.some((s) => s.claim.statementCue === 'table cell'), 'read as a table');
});

test('a note is cut at blank lines before unindented lines, never inside a fence, a comment or the front matter, nor before a list item', () => {
  const text = '---\na: 1\n\nb: 2\n---\n\nPara one.\n\n```\ncode\n\nmore\n```\n\n<!--\nx\n\ny\n-->\n\n- a\n\n- b\n\nPara two.\n';
  assert.deepEqual(splitBlocks(text).map((b) => b.text), [
    '---\na: 1\n\nb: 2\n---\n\n',
    'Para one.\n\n',
    '```\ncode\n\nmore\n```\n\n',
    // A list item never starts a block (it could continue a list above, making it loose).
    '<!--\nx\n\ny\n-->\n\n- a\n\n- b\n\n',
    'Para two.\n',
  ]);
});

test('property: a note cut again from its last cut around an edit is cut as a whole cut cuts it, and only the first line or the front matter edited makes a whole cut', () => {
  // Lines that open and close what a cut may not fall in, or change whether a line starts a block.
  const lines = ['Prose.', 'More prose', '', '', '', '```', '~~~', '$$', '<div>', '</div>', '<!--', '-->', '- item', '1. item', '---', '+++', '    indented', '\uFEFFx', '> quote', '# Heading', '````', '\r'];
  const inserts = ['x', '\n', '\n\n', '```', '```\n', '<!--\n', '-->', '- ', '---\n', ' ', '\r', '\uFEFF', '$$\n'];
  fc.assert(fc.property(
    fc.array(fc.constantFrom(...lines), { minLength: 2, maxLength: 40 }), fc.nat(), fc.nat({ max: 4 }), fc.constantFrom(...inserts, ''),
    (parts, at, remove, insert) => {
      const old = parts.join('\n');
      const where = at % (old.length + 1);
      const text = old.slice(0, where) + insert + old.slice(Math.min(old.length, where + remove));
      const cut = recut(old, splitBlocks(old), text);
      if (cut) assert.deepStrictEqual(cut, splitBlocks(text), JSON.stringify([old, text]));
      // Cut whole only when a line ends in a lone `\r`, or the edit reaches the first line or a front matter.
      const firstLine = old.indexOf('\n');
      const lone = (t: string) => /\r(?!\n)/.test(t);
      if (!cut && old !== text) assert.ok(lone(old) || lone(text) || firstLine < 0 || where <= firstLine || /^\uFEFF?(---|\+\+\+)/.test(old), JSON.stringify([old, text]));
    },
  ), { numRuns: 3000 });
});

test('a line of Unicode spaces is text, not a blank line: no cut after it', () => {
  for (const space of ['\uFEFF', '\u00A0', '\u3000']) {
    const text = `Para one.\n\n${space}\nstill the same paragraph.\n`;
    assert.ok(splitBlocks(text).some((b) => b.text.includes(`${space}\nstill the same paragraph.`)));
    assert.deepStrictEqual(plain(analyzeNote(text, { cache: new AnalysisCache() }).tree), plain(analyzeNote(text, { wholeParse: true }).tree));
  }
});

test('a note whose front matter is never closed is still cut into blocks, each read as the whole note reads it (no lists)', () => {
  const text = '---\ntitle: x\n\nPara one.\n\n- a\n- b\n\n> quoted\n\n[^1]: foot\n\nSee[^1].\n';
  assert.deepEqual(splitBlocks(text).map((b) => b.text), ['---\ntitle: x\n\n', 'Para one.\n\n- a\n- b\n\n', '> quoted\n\n', '[^1]: foot\n\n', 'See[^1].\n']);
  const cache = new AnalysisCache();
  const tree = analyzeNote(text, { cache }).tree;
  assert.deepEqual(tree.children.map((c) => c.type), ['thematicBreak', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'definition', 'paragraph']);
  assert.deepEqual(plain(tree), plain(analyzeNote(text, { wholeParse: true }).tree));
  // Closing it turns the same blocks back into a list, a quote and a footnote.
  const closed = analyzeNote(text.replace('title: x\n', 'title: x\n---\n'), { cache }).tree;
  assert.deepEqual(closed.children.map((c) => c.type), ['yaml', 'paragraph', 'list', 'blockquote', 'footnoteDefinition', 'paragraph']);
  // A line ending in a lone carriage return keeps such a note in one piece.
  assert.equal(splitBlocks('---\ntitle: x\r\rPara.\n\nMore.\n').length, 1);
});

test('a note with a line ending in a lone carriage return is one block, its lines counted as the parser counts them', () => {
  // A character typed between a CRLF's two halves leaves a lone `\r` (the parser's line end, not the scanner's).
  const text = 'x---\rx\ntitle: C\r\n\r\n> It clearly proves everything.\n\nApixaban reduced stroke by 40%.\n\n';
  assert.equal(splitBlocks(text).length, 1);
  const cache = new AnalysisCache();
  analyzeNote(text.replace('\rx', '\r\nx'), { cache });
  const incremental = analyzeNote(text, { cache });
  const full = analyzeNote(text, { wholeParse: true });
  assert.deepEqual(plain(incremental.tree), plain(full.tree));
  assert.equal(incremental.tree.position?.end.line, 9);
  assert.deepEqual(incremental.analysis, full.analysis);
});

test('the note\'s last block is read as the end of the note, where a lazy HTML line leaves its container, even when definitions are appended to resolve its brackets', () => {
  // micromark closes an HTML line at the very end of a document outside the footnote, list or quote
  // it lazily follows; followed by anything (a line ending, the appended definitions) it stays inside.
  for (const text of ['[^1]: a\n<a name="x">', '[y]: z\n\n- a [y]\n<a name="x">', 'Intro [^1].\n\n> a [^1]\n<a name="x">\n\n[^1]: z\n\nq [^1]\n<b>']) {
    const cache = new AnalysisCache();
    const incremental = analyzeNote(text, { cache });
    const full = analyzeNote(text, { wholeParse: true });
    assert.deepEqual(plain(incremental.tree), plain(full.tree), text);
    assert.deepEqual(incremental.analysis, full.analysis, text);
    // Typed on: a line ending after it puts the HTML back inside, as a whole parse does.
    const typed = `${text}\n`;
    assert.deepEqual(plain(analyzeNote(typed, { cache }).tree), plain(analyzeNote(typed, { wholeParse: true }).tree), typed);
  }
  // A last block whose brackets resolve without changing its blocks is still a block of its own.
  assert.equal(new BlockParser().parse('See [^1].\n\n[^1]: a\n\nMore [^1] and [x].\n\n[x]: y\n\nLast [x].').blocks.length, 5);
});

test('a byte-order mark opens a front matter only at the note\'s start; pushed down by an edit, it is a character of a paragraph', () => {
  const note = `\uFEFF${FRONT_MATTER}# Results\n\n`;
  const cache = new AnalysisCache();
  assert.equal(analyzeNote(note, { cache }).tree.children[0].type, 'yaml');
  // Lines typed above it: the mark and the `---` after it no longer open a front matter, and the
  // block holding them is not the kept front matter parse.
  const pushed = `x\n\n${note}`;
  assert.equal(splitBlocks(pushed).some((b) => b.text.startsWith('\uFEFF')), false);
  const incremental = analyzeNote(pushed, { cache });
  assert.equal(incremental.tree.children.some((c) => c.type === 'yaml'), false);
  assert.deepEqual(incremental.analysis, analyzeNote(pushed, { wholeParse: true }).analysis);
});

test('a sentence\'s kept citations are found again when what it reads changes elsewhere in the note', () => {
  const refs = '## References\n\n1. Lee A. Apixaban versus warfarin. 2019. doi:10.1000/lee\n2. Okafor C. Metformin and colorectal cancer. 2021. doi:10.1000/okafor\n';
  const cases: [string, string, AnalyzeOptions][] = [
    // The numbers of the reference list (a bracketed number resolves to an entry, then to none).
    [`Metformin lowers risk [2].\n\n${refs}`, `Metformin lowers risk [2].\n\n${refs.replace(/2\. Okafor.*\n/, '')}`, { sources }],
    // Whether keys are expected (an in-text key naming nothing is reported only then).
    ['As @nobody2020 argued, metformin lowers risk.\n\nMore text.\n', 'As @nobody2020 argued, metformin lowers risk.\n\nMore text [@lee2019].\n', {}],
    // A link over a mark: its definition goes, and the mark under it becomes a citation of its own.
    ['Fewer cancers were seen [PMID 12345678][okafor] here.\n\n[okafor]: https://doi.org/10.1000/okafor\n', 'Fewer cancers were seen [PMID 12345678][okafor] here.\n\n[other]: https://doi.org/10.1000/okafor\n', { sources }],
    // A stub made further up for the same identifier (the later mention resolves to it).
    ['Stroke fell.\n\nAgain doi:10.1000/ABC here.\n', 'Stroke fell after doi:10.1000/abc.\n\nAgain doi:10.1000/ABC here.\n', { sources }],
  ];
  for (const [before, after, options] of cases) {
    for (const [a, b] of [[before, after], [after, before]]) {
      const cache = new AnalysisCache();
      check(a, cache, options);
      check(b, cache, options);
    }
  }
});

test('a reference-style link resolves through a definition in another block, and stops when the definition goes', () => {
  const cache = new AnalysisCache();
  const withDef = 'See [the cohort][okafor].\n\n[okafor]: https://doi.org/10.1000/okafor\n';
  const linked = analyzeNote(withDef, { cache });
  assert.equal((linked.tree.children[0] as { children: { type: string }[] }).children[1].type, 'linkReference');
  const without = analyzeNote('See [the cohort][okafor].\n\n[other]: https://doi.org/10.1000/okafor\n', { cache });
  assert.equal((without.tree.children[0] as { children: { type: string }[] }).children.some((c) => c.type === 'linkReference'), false);
});

test('property: a long fresh note, parsed in runs of blocks, gives the tree and analysis of a whole parse', () => {
  const long = fc.tuple(
    fc.constantFrom('', '', FRONT_MATTER, '---\ntitle: A note\n\n', '---\n', '+++\n\n'),
    fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 40, maxLength: 160 }),
    fc.array(fc.constantFrom('\n', '\n\n', '', ' '), { minLength: 10, maxLength: 10 }),
  ).map(([opening, parts, gaps]) => opening + parts.map((p, i) => p + gaps[i % gaps.length]).join('\n'));
  fc.assert(fc.property(long, (text) => {
    check(text, new AnalysisCache(), { sources });
  }), { numRuns: Number(process.env.INCREMENTAL_RUNS ?? 150) / 10 });
});

test('a kept block is re-decided when the statement before it changes kind, and when its section heading changes', () => {
  const cache = new AnalysisCache();
  const kinds = (text: string) => {
    const incremental = analyzeNote(text, { cache });
    assert.deepStrictEqual(incremental.analysis, analyzeNote(text, { wholeParse: true }).analysis, text);
    return incremental.analysis.sentences.map((s) => s.claim.statement);
  };
  const then = 'Then the risk would fall by 4 points.\n';
  assert.deepEqual(kinds(`# Notes\n\nSuppose that 100 adults took aspirin.\n\n${then}`), ['navigation', 'hypothetical', 'hypothetical']);
  // Only the block before changed: the kept "Then…" block no longer continues a supposition.
  assert.notEqual(kinds(`# Notes\n\nWe gave aspirin to 100 adults.\n\n${then}`)[2], 'hypothetical');
  assert.deepEqual(kinds(`# References\n\nSuppose that 100 adults took aspirin.\n\n${then}`), ['navigation', 'reference', 'reference']);
});

/**
 * The claim profiler and statistics finder, counting what they are asked: `take` returns the
 * prose each was given since the last `take` (trimmed) and starts the count again.
 */
async function countingStages(): Promise<{ stages: NonNullable<AnalyzeOptions['stages']>; take: () => { profiled: string[]; searched: string[] } }> {
  const { profileClaim } = await import('../../../server/src/core/claims/index');
  const { findStatistics } = await import('../../../server/src/core/statistics/index');
  let profiled: string[] = [];
  let searched: string[] = [];
  return {
    stages: {
      profileClaim: (prose, offset, context) => { profiled.push(prose.trim()); return profileClaim(prose, offset, context); },
      findStatistics: (prose, offset) => { searched.push(prose.trim()); return findStatistics(prose, offset); },
    },
    take: () => {
      const counted = { profiled, searched };
      profiled = [];
      searched = [];
      return counted;
    },
  };
}

test('an edit in one sentence of a block profiles and recognises that sentence again, the others are moved: same results as a full analysis', async () => {
  // One pair of stages for every version (their identity is part of what the cache keeps).
  const { stages, take } = await countingStages();
  const cache = new AnalysisCache();
  const versions = [
    '# Results\n\nApixaban reduced stroke by 40% (HR 0.79, 95% CI 0.66 to 0.95). Warfarin caused bleeding in 12 of 40 patients (30%). Aspirin clearly prevents stroke (p = 0.01).\n\nMetformin is linked to less cancer.\n',
    // The middle sentence edited: the one after it moves.
    '# Results\n\nApixaban reduced stroke by 40% (HR 0.79, 95% CI 0.66 to 0.95). Warfarin often caused bleeding in 12 of 40 patients (30%). Aspirin clearly prevents stroke (p = 0.01).\n\nMetformin is linked to less cancer.\n',
    // The paragraph turned into a heading: the same prose in another kind of block is profiled again.
    '# Results\n\n## Apixaban reduced stroke by 40% (HR 0.79, 95% CI 0.66 to 0.95). Warfarin often caused bleeding in 12 of 40 patients (30%). Aspirin clearly prevents stroke (p = 0.01).\n\nMetformin is linked to less cancer.\n',
  ];
  const runs: { profiled: string[]; searched: string[] }[] = [];
  for (const text of versions) {
    take();
    const incremental = analyzeNote(text, { sources, stages, cache });
    runs.push(take());
    forgetFrontMatter();
    const full = analyzeNote(text, { sources, stages, wholeParse: true });
    assert.deepStrictEqual(incremental.analysis, full.analysis, text);
  }
  const edited = 'Warfarin often caused bleeding in 12 of 40 patients (30%).';
  assert.deepEqual(runs[1], { profiled: [edited], searched: [edited] });
  // Headings are profiled apart (the profiler reads the block kind); drugs and statistics read the prose alone.
  assert.equal(runs[2].profiled.length, 3);
  assert.deepEqual(runs[2].searched, []);
});

test('a block made new by an edit (a table typed into a paragraph and back, blocks joined and split, a fence opened and closed) recognises again only the sentences whose text changed', async () => {
  const { stages, take } = await countingStages();
  const table = '| Drug | Effect |\n|---|---|\n| apixaban | fewer strokes, p = .048 |\n| warfarin | more bleeding (HR 1.4) |\n';
  const para = 'Apixaban reduced stroke by 40% (HR 0.79). Warfarin caused bleeding in 12 of 40 patients (30%).\n';
  const after = '## Later\n\nMetformin is linked to less cancer (p = 0.03).\n\nAspirin clearly prevents stroke.\n';
  const note = `# Results\n\n${para}\n${table}\n${after}`;
  const steps: [string, string][] = [
    ['the note', note],
    // The delimiter row typed into: the table is a paragraph (new prose).
    ['table to paragraph', note.replace('|---|---|', 'x|---|---|')],
    // And back: the cells were recognised two versions ago.
    ['paragraph to table', note],
    // The blank line between the paragraph and the table typed into: one block of both.
    ['blocks joined', note.replace(`${para}\n|`, `${para}x\n|`)],
    ['blocks split again', note],
    // A fence opened above the rest of the note (all of it is code), then closed a few versions later.
    ['fence opened', note.replace('## Later', '```\n\n## Later')],
    ['fence typed into', note.replace('## Later', '```\ny = 2\n\n## Later')],
    ['fence closed', note.replace('## Later', '```\ny = 2\n```\n\n## Later')],
  ];
  const cache = new AnalysisCache();
  const runs = new Map<string, { profiled: string[]; searched: string[] }>();
  for (const [name, text] of steps) {
    take();
    const incremental = analyzeNote(text, { sources, stages, cache });
    runs.set(name, take());
    forgetFrontMatter();
    assert.deepStrictEqual(incremental.analysis, analyzeNote(text, { sources, stages, wholeParse: true }).analysis, name);
  }
  // The table's text, read as one paragraph, is new prose; nothing else is.
  assert.equal(runs.get('table to paragraph')!.profiled.length, 1);
  for (const name of ['paragraph to table', 'blocks split again', 'fence closed', 'fence opened', 'fence typed into']) {
    assert.deepEqual(runs.get(name), { profiled: [], searched: [] }, name);
  }
  // The joined block's sentences: the paragraph's first sentence is unchanged; the rest is one new sentence of both blocks' text.
  assert.ok(runs.get('blocks joined')!.profiled.every((p) => !p.startsWith('Apixaban reduced stroke')));
});

test('the parses of blocks an edit removed are kept a while: a fence opened over the rest of the note and closed again parses only the blocks that changed', () => {
  const tail = ['## Later\n\n', 'Metformin is linked to less cancer (p = 0.03).\n\n', '| Drug | Effect |\n|---|---|\n| apixaban | fewer strokes |\n\n', 'Aspirin clearly prevents stroke.\n'];
  const head = `# Results\n\n${Array.from({ length: 8 }, (_, i) => `Apixaban reduced stroke by ${i + 40}% in cohort ${i}.\n\n`).join('')}`;
  const parser = new BlockParser();
  const parsesOf = (text: string) => new Map(parser.parse(text).blocks.map((b) => [b.raw.text, b.parsed]));
  const before = parsesOf(head + tail.join(''));
  // Opened: the rest of the note is one code block; typed into; closed again.
  parsesOf(`${head}\`\`\`\n${tail.join('')}`);
  parsesOf(`${head}\`\`\`\ny = 2\n${tail.join('')}`);
  const closed = `${head}\`\`\`\ny = 2\n\`\`\`\n\n${tail.join('')}`;
  const after = parsesOf(closed);
  // (The heading is parsed with the fence before it: a block ending in code is joined to the next, see `mayBeOpen`.)
  for (const block of tail.slice(1)) assert.equal(after.get(block), before.get(block), block);
  assert.deepStrictEqual(plain(parser.parse(closed).tree), plain(analyzeNote(closed, { wholeParse: true }).tree));
  // Kept no longer than the removed blocks' text weighs less than the note's (at least 64 K).
  const first = parsesOf(head + tail.join(''));
  parser.parse(Array.from({ length: 6000 }, (_, i) => `Filler paragraph ${i}.\n\n`).join(''));
  parser.parse('x\n');
  const again = parsesOf(head + tail.join(''));
  assert.notEqual(again.get(tail[1]), first.get(tail[1]));
});

test('an edit gives the blocks before it the same result objects as the last analysis: sentences, drugs and statistics are not copied again', () => {
  const paragraphs = FRAGMENTS.slice(2, 14).join('\n');
  const text = `${paragraphs}\nThe last paragraph reduced stroke by 20% (p = 0.04).\n`;
  const cache = new AnalysisCache();
  const before = analyzeNote(text, { cache, sources }).analysis;
  const edited = text.replace('The last paragraph', 'The very last paragraph');
  const after = analyzeNote(edited, { cache, sources }).analysis;
  const at = text.indexOf('The last paragraph');
  const kept = (list: readonly { start: number }[]): { start: number }[] => list.filter((x) => x.start < at);
  for (const key of ['sentences', 'drugs', 'statistics'] as const) {
    const was = kept(before[key]);
    const now = kept(after[key]);
    assert.ok(was.length > 0, key);
    assert.equal(now.length, was.length, key);
    now.forEach((x, i) => assert.equal(x, was[i], `${key} ${i}`));
  }
});

test('an edit above the note\'s own copies of a source moves the evidence found in them: the claims resting on them are not judged again, unless the edit moves the copies apart', () => {
  // Two copies of lee2019 in the note: a passage quoted under a citing paragraph, and a structured abstract.
  const passage = 'The trial reported [@lee2019]:\n\n> Apixaban reduced stroke compared with warfarin (HR 0.79).\n';
  const abstract = 'Lee A, Okafor C. Apixaban versus warfarin in atrial fibrillation: a randomised trial. Lancet. 2019.\n\nMETHODS: 1200 adults were randomised.\n\nRESULTS: Apixaban reduced stroke (HR 0.70).\n';
  const text = `# Notes\n\nAspirin is cheap.\n\n${passage}\nA paragraph between them.\n\n${abstract}\nThis trial proves that apixaban always cures stroke.\n\nApixaban reduced stroke in adults with atrial fibrillation.\n`;
  const cache = new AnalysisCache();
  const analyse = (t: string) => {
    const incremental = analyzeNote(t, { cache, sources }).analysis;
    forgetFrontMatter();
    assert.deepStrictEqual(incremental, analyzeNote(t, { sources, wholeParse: true }).analysis, t);
    return incremental;
  };
  const before = analyse(text);
  const resting = before.claims.filter((c) => c.evidence.some((e) => typeof e.start === 'number'));
  assert.ok(resting.length >= 2, JSON.stringify(before.claims));
  const now = (claims: typeof before.claims, sentence: number) => claims.find((c) => c.sentence === sentence)!;
  // Above both copies: kept (the same reasons list), the evidence moved by the five characters typed.
  const above = analyse(text.replace('Aspirin is cheap.', 'Aspirin is very cheap.'));
  for (const was of resting) {
    assert.equal(now(above.claims, was.sentence).reasons, was.reasons);
    assert.deepEqual(now(above.claims, was.sentence).evidence.map((e) => e.start), was.evidence.map((e) => (typeof e.start === 'number' ? e.start + 5 : undefined)));
  }
  // Between the copies: the abstract moves, the passage does not; a claim with evidence in lee2019 is judged again.
  const between = analyse(text.replace('A paragraph between them.', 'A longer paragraph between them.'));
  const inLee = resting.filter((c) => c.evidence.some((e) => e.source === 'lee2019' && typeof e.start === 'number'));
  assert.ok(inLee.length > 0);
  for (const was of inLee) assert.notEqual(now(between.claims, was.sentence).reasons, now(above.claims, was.sentence).reasons);
});
