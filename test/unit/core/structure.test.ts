// The note structure model (markdown/structure.ts): sections, blocks, links, HTML anchors and
// superscripts (through parse5), wiki links, definitions, verbatim ranges, all with exact offsets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMarkdown } from '../../../server/src/core/markdown/parse';
import { buildNoteStructure, sectionPathAt } from '../../../server/src/core/markdown/structure';

const build = (text: string) => buildNoteStructure(text, parseMarkdown(text));

test('sections nest by heading level and end at the next heading of the same or a higher level', () => {
  const text = '# A\n\nintro\n\n## B\n\nin b\n\n### C\n\nin c\n\n## D\n\nin d\n';
  const s = build(text);
  assert.deepEqual(s.sections.map((x) => [x.title, x.depth]), [['A', 1], ['B', 2], ['C', 3], ['D', 2]]);
  assert.deepEqual(sectionPathAt(s, text.indexOf('in c')), ['A', 'B', 'C']);
  assert.deepEqual(sectionPathAt(s, text.indexOf('in d')), ['A', 'D']);
  const para = s.blocks.find((b) => b.kind === 'paragraph' && b.start === text.indexOf('in c'))!;
  assert.equal(s.sections[para.section].title, 'C');
});

test('links of every form carry their resolved destination and exact range', () => {
  const text = 'See [one](https://a.example/1), [two][r], <https://b.example/3> and <a href="https://c.example/4">four</a>.\n\n[r]: https://d.example/2\n';
  const s = build(text);
  assert.deepEqual(s.links.map((l) => [l.form, l.url, text.slice(l.start, l.end)]), [
    ['inline', 'https://a.example/1', '[one](https://a.example/1)'],
    ['reference', 'https://d.example/2', '[two][r]'],
    ['autolink', 'https://b.example/3', '<https://b.example/3>'],
    ['html', 'https://c.example/4', '<a href="https://c.example/4">four</a>'],
  ]);
  assert.equal(s.definitions.get('r')!.url, 'https://d.example/2');
});

test('a bare address linked after parsing (no position in the tree) is placed where it stands, whole or block by block', async () => {
  // After an unclosed bracket the parser leaves the address as text and mdast-util-gfm-autolink-literal
  // links it afterwards, without a position: it was read at offset 0 (whole note) or at its block's
  // start (block by block), so the two disagreed (found by the incremental property soak).
  const { analyzeNote } = await import('../../../server/src/core/analyze');
  const text = '\n[Okafor (2021) found fewer strokes; see https://pubmed.ncbi.nlm.nih.gov/12345678 too.\n\n\n# Results\n\n';
  const address = 'https://pubmed.ncbi.nlm.nih.gov/12345678';
  const expected = [['autolink', address, address, text.indexOf(address)]];
  const links = (s: ReturnType<typeof build>) => s.links.map((l) => [l.form, l.url, text.slice(l.start, l.end), l.start]);
  assert.deepEqual(links(build(text)), expected, 'whole note');
  assert.deepEqual(links(analyzeNote(text).context.structure!), expected, 'block by block');
});

test('HTML anchors, superscripts and escaped wiki links come with exact offsets', () => {
  const text = 'Fell.<sup>[[2]](#fn2)</sup> Rose.<sup>3</sup> Also ^4^ and \\[\\[ZENITH-3\\]\\] and [[Other|alias]].\n\n<p><a name="fn2"></a>2. Smith.</p>\n\nSee <span id="x1">here</span>, `code`.\n';
  const s = build(text);
  assert.deepEqual(s.superscripts.map((x) => [x.text, text.slice(x.start, x.end)]), [['[[2]](#fn2)', '<sup>[[2]](#fn2)</sup>'], ['3', '<sup>3</sup>'], ['4', '^4^']]);
  assert.deepEqual(s.anchors.map((a) => a.name), ['fn2', 'x1']);
  assert.equal(text.slice(s.anchors[0].start, s.anchors[0].end), '<a name="fn2"></a>');
  assert.deepEqual(s.wikiLinks.map((w) => [w.target, text.slice(w.start, w.end)]), [['ZENITH-3', '\\[\\[ZENITH-3\\]\\]'], ['Other', '[[Other|alias]]']]);
  assert.ok(s.verbatim.some((r) => text.slice(r.start, r.end) === '`code`'));
});

test('every block and section agrees with the one-offset definitions, for any heading layout', async () => {
  const { default: fc } = await import('fast-check');
  const { sectionIndexAt } = await import('../../../server/src/core/markdown/structure');
  // Headings of any level, at top level, in a blockquote, in a list item or setext, with prose between.
  const piece = fc.oneof(
    fc.integer({ min: 1, max: 6 }).map((d) => `${'#'.repeat(d)} H${d}\n`),
    fc.integer({ min: 1, max: 6 }).map((d) => `> ${'#'.repeat(d)} Quoted H${d}\n>\n> quoted text\n`),
    fc.integer({ min: 1, max: 6 }).map((d) => `- ${'#'.repeat(d)} Item H${d}\n- item text\n`),
    fc.constant('Setext\n======\n'),
    fc.constant('Some prose here.\n'),
    fc.constant('- a list item\n'),
  );
  fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
    const text = pieces.join('\n');
    const s = build(text);
    s.sections.forEach((sec, i) => {
      const next = s.sections.slice(i + 1).find((x) => x.depth <= sec.depth);
      assert.equal(sec.end, next ? next.start : text.length);
    });
    for (const b of s.blocks) assert.equal(b.section, sectionIndexAt(s, b.start));
  }), { numRuns: 300 });
});
