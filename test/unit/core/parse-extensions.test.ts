// The parser leaves out the extensions (GFM, front matter, math) whose syntax a text cannot hold,
// and parses a fresh note's blocks in runs of blocks needing the same extensions. Both must give
// exactly the tree of one parse with every extension.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FRONT_MATTER, GFM, GFM_AUTOLINK, GFM_NO_EMAIL, GFM_TABLE, MATH, MAX_CONTAINER_DEPTH, MAX_INLINE_MARKERS, guardForParser, parseMarkdown, parseMarkdownFully, syntaxIn } from '../../../server/src/core/markdown/parse';
import { BlockParser } from '../../../server/src/core/markdown/blocks';

// Each extension's constructs, near misses of them, and what could spell them indirectly
// (escapes, character references), inside the block constructs of CommonMark.
const FRAGMENTS = [
  'Plain prose reduced risk by 20% (HR 0.80, 95% CI 0.70 to 0.90) [@lee2019].',
  'See www.example.org and https://doi.org/10.1000/x or WWW.EXAMPLE.ORG, HTTP://X.ORG.',
  'Write to ann.lee@example.org or mailto:ann@example.org, not to @handle or [@key].',
  'Mail a_b+c-d.e@x-y.example.org (see [www.example.org](https://x.org), [a@b.org]).',
  'Links inside [a label with https://x.org and www.y.org](https://z.org) and ![an image www.i.org](i.png).',
  'An escaped ann\\@example.org, a reference ann&#64;example.org and &amp; &ndash; here.',
  'ww w. htt p: and w\\ww.example.org and ww&#119;.example.org and h&#116;tp://x.org',
  '~~struck~~ and ~one~ and ~50 patients',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '| link | ~x~ |\n|---|---|\n| www.example.org | `a\\|b` |',
  'a | b\n--|--\n1 | 2',
  'x\n---',
  // A delimiter row with a colon makes a one-column table with no pipe at all.
  'x\n:---',
  'Header\n---:\nrow',
  '> quoted\n> :-:',
  'Footnote call[^1] and [^note].',
  '[^1]: The footnote.\n\n    Its second paragraph.',
  '- [ ] open task\n- [x] done task\n- [X] done too',
  '* [ ]\n* [\t] tab',
  '- plain item\n- another [link](https://x.org)',
  'Inline math $E = mc^2$ and $$x$$ and a price of $5.',
  '$$\nE = mc^2\n\n\\frac{1}{2}\n$$',
  '> quoted www.example.org\n> and | pipes |',
  '```\ncode with | and ~ and $ and www.x.org\n```',
  '<div>\nhtml | ~ $\n</div>',
  '`code | x` and `a\\|b`',
  '# Heading with https://x.org',
  '[ref]: https://x.org',
  'A [ref] and [ref][] link.',
  'line with trailing backslash\\\nnext',
  '- item citing https://x.org/a_b*c* and [y] later, [www.y.org] and www.z.org).',
  'Prose [with a label] then http://x.org/path?q=1 and _www.x.org_ **https://y.org**.',
];

const text = fc.tuple(
  fc.constantFrom('', '---\ntitle: A\n---\n\n', '+++\ntitle = "A"\n+++\n\n', '---\n', '---\na: 1\n---\n'),
  fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 40 }),
  fc.array(fc.constantFrom('\n\n', '\n', '\n\n\n', ' '), { minLength: 8, maxLength: 8 }),
).map(([head, parts, gaps]) => head + parts.map((p, i) => p + gaps[i % gaps.length]).join(''));

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

test('property: a parse with only the extensions a text needs gives the tree of a parse with all of them', () => {
  fc.assert(fc.property(fc.tuple(fc.constantFrom('', '\uFEFF'), text).map(([bom, t]) => bom + t), (t) => {
    assert.deepStrictEqual(parseMarkdown(t), parseMarkdownFully(t), t);
  }), { numRuns: 300 });
});

test('property: a fresh note parsed block by block, in runs of blocks grouped by the extensions they need, gives the tree of one full parse', () => {
  fc.assert(fc.property(fc.tuple(fc.constantFrom('', '\uFEFF'), text).map(([bom, t]) => bom + t), (t) => {
    assert.deepStrictEqual(plain(new BlockParser().parse(t).tree), plain(parseMarkdownFully(t)), t);
  }), { numRuns: 300 });
});

// Short texts drawn character by character (and by construct openers) from what Markdown, GFM,
// front matter and math read, in any order: readings nobody listed above (a table with no pipe was
// one: see FRAGMENTS) are found without anyone thinking of them first.
const PIECES = [
  '|', ':', '-', '~', '\\', '&', '[', ']', '^', '@', '$', '.', '/', '*', '_', '`', '#', '>', '+', '=', '<', '!', '(', ')', ';',
  ' ', ' ', '\t', '\n', '\n', '\n\n', '    ', 'a', 'x', 'X', '1', '0', 'w', 'h', 't', 'p', 's', 'é', '\u00a0',
  'www.', 'http://', 'https://', 'mailto:', 'xmpp:', 'ab.cd', 'a@b.c', '&#64;', '&amp;', '&#124;', '&#x7C;', '&#126;',
  '---', '+++', ':-', '-:', '[^', '[ ]', '[x]', '$$', '~~', '```', '~~~', '1.', '- ', '> ', '* ', '<div>', '<!--',
];
const scrambled = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((pieces) => pieces.join(''));

test('property: on scrambled Markdown, a parse with only the extensions a text needs gives the tree of a parse with all of them', () => {
  fc.assert(fc.property(scrambled, (t) => {
    assert.deepStrictEqual(parseMarkdown(t), parseMarkdownFully(t), t);
  }), { numRuns: 3000 });
});

test('property: on scrambled Markdown, the block parser gives the nodes of one full parse', () => {
  fc.assert(fc.property(scrambled, (t) => {
    const blocks = new BlockParser().parse(t).tree;
    const full = parseMarkdownFully(t);
    // The root's nodes and span: mdast-util-gfm-task-list-item marks the paragraph's parent as
    // checked when a paragraph after an empty list item starts with `[x]` ("-\n[x]\n|"), and
    // the parent is then the root, which the block parser makes itself.
    assert.deepStrictEqual(plain({ children: blocks.children, position: blocks.position }), plain({ children: full.children, position: full.position }), t);
  }), { numRuns: 3000 });
});

test('an extension is left out only when the text cannot hold its syntax', () => {
  assert.equal(syntaxIn('Aspirin reduced strokes [@lee2019] (p = 0.01).'), 0);
  assert.equal(syntaxIn('See https://x.org.'), GFM_AUTOLINK);
  assert.equal(syntaxIn('See www.x.org and ~50 patients'), GFM_NO_EMAIL);
  assert.equal(syntaxIn('See www.x.org [^1]'), GFM_NO_EMAIL);
  assert.equal(syntaxIn('- [x] www.x.org'), GFM_NO_EMAIL);
  assert.equal(syntaxIn('See www.x.org &amp;'), GFM_NO_EMAIL);
  assert.equal(syntaxIn('See https://x.org or ann.lee@example.org'), GFM);
  assert.equal(syntaxIn('ann.lee@example.org'), GFM);
  assert.equal(syntaxIn('A | B'), GFM_TABLE);
  assert.equal(syntaxIn('A\n:---\n'), GFM_TABLE);
  assert.equal(syntaxIn('A\n---:\n'), GFM_TABLE);
  assert.equal(syntaxIn('See https://x.org\n:-:\n'), GFM_NO_EMAIL);
  assert.equal(syntaxIn('| A | https://x.org |'), GFM_NO_EMAIL);
  assert.equal(syntaxIn('ann\\@example.org'), GFM_NO_EMAIL);
  assert.equal(syntaxIn('---\na: 1\n---\n'), FRONT_MATTER);
  assert.equal(syntaxIn('Text\n---\n'), 0);
  assert.equal(syntaxIn('Costs $5'), MATH);
});

test('the parser guard changes only the characters it names: length, other characters and lone surrogates kept', () => {
  // A paragraph of more brackets than MAX_INLINE_MARKERS (they become parentheses), a lone
  // surrogate and an astral character, then a paragraph of few brackets (kept).
  const many = `${'[1] \ud83d x 😀 '.repeat(MAX_INLINE_MARKERS)}\n\n[2] \udc00 kept`;
  const guarded = guardForParser(many);
  assert.equal(guarded.length, many.length);
  const expected = many.slice(0, many.indexOf('\n\n')).replace(/\[/g, '(').replace(/\]/g, ')') + many.slice(many.indexOf('\n\n'));
  assert.equal(guarded, expected);
  assert.equal(guardForParser('plain [1] text'), 'plain [1] text');
});

test('a backslash the parser guard writes keeps no GFM extension; the tree is the full parse\'s', () => {
  const deep = `${'> - '.repeat(MAX_CONTAINER_DEPTH + 4)}x\n\n${'  '.repeat(40)}- y\n`;
  const guarded = guardForParser(deep);
  assert.ok(guarded.includes('\\'), 'the guard cut the nesting');
  assert.equal(syntaxIn(guarded, deep) & (GFM | GFM_NO_EMAIL | GFM_AUTOLINK | GFM_TABLE), 0);
  assert.notEqual(syntaxIn(guarded) & GFM_NO_EMAIL, 0, 'read alone, the guarded text looks like an escape');
  assert.deepEqual(parseMarkdown(deep), parseMarkdownFully(deep));
  // A backslash of the writer's still counts.
  const own = `${'> - '.repeat(MAX_CONTAINER_DEPTH + 4)}a\\|b\n`;
  assert.notEqual(syntaxIn(guardForParser(own), own) & GFM_NO_EMAIL, 0);
  assert.deepEqual(parseMarkdown(own), parseMarkdownFully(own));
});
