// Source loaders on real-format fixtures (BibTeX, Zotero CSL-JSON, Pandoc front matter, a
// sources folder, abstracts quoted in a note) and the file-system loader's error reporting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseBibtex, parseCslJson, parseFrontMatter, parseSourceNote } from '../../../server/src/core/evidence/sources';
import { findQuotedAbstracts, parseReferenceLine } from '../../../server/src/core/evidence/quoted';
import { loadNoteSources, loadSourcesFolder } from '../../../server/src/workspace/sources';

const dir = path.join(__dirname, '..', '..', 'fixtures', 'sources');
const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');

test('BibTeX: entries load with abstract and metadata; a malformed entry becomes an error with its line', async () => {
  const text = read('library.bib');
  const { sources, errors } = await parseBibtex(text, 'library.bib');
  assert.deepEqual(sources.map((s) => s.id).sort(), ['hansen2021statin', 'mice2019']);
  const hansen = sources.find((s) => s.id === 'hansen2021statin')!;
  assert.equal(hansen.year, 2021);
  assert.equal(hansen.doi, '10.5555/jfn.2021.001');
  assert.equal(hansen.pmid, '31234567');
  assert.equal(hansen.journal, 'Journal of Fictional Neurology');
  assert.deepEqual(hansen.authors, ['Hansen', 'van der Berg', 'Okoro']);
  assert.match(hansen.text, /0\.29% per year/, 'escaped \\% becomes %');
  assert.match(hansen.text, /p < 0\.001/, 'a bare < stays a comparator');
  assert.equal(text.slice(hansen.origin!.start!, hansen.origin!.start! + 9), '@article{');
  const mice = sources.find((s) => s.id === 'mice2019')!;
  assert.equal(mice.year, 2019, 'biblatex date field gives the year');
  assert.equal(mice.journal, 'Proceedings of the Fictional Myelin Meeting');
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /broken2020/);
  assert.equal(errors[0].file, 'library.bib');
  assert.equal(text.split('\n')[errors[0].line!].startsWith('@article{broken2020'), true);
});

test('CSL-JSON as Zotero exports it: citation-key, family names, date-parts, DOI, PMID in note', () => {
  const text = read('zotero.json');
  const { sources, errors } = parseCslJson(text, 'zotero.json');
  assert.deepEqual(errors, []);
  const romme = sources.find((s) => s.id === 'romme2014')!;
  assert.deepEqual(romme.authors, ['Romme Christensen', 'Ratzer']);
  assert.equal(romme.year, 2014);
  assert.equal(romme.pmid, '24682973');
  assert.equal(romme.doi, '10.1212/WNL.0000000000000361');
  assert.match(romme.text, /osteopontin decreased by 65 ng\/mL/);
  const kapoor = sources.find((s) => s.id === 'kapoor2018')!;
  assert.equal(kapoor.text, '', 'an item without abstract still loads (unverifiable later)');
  assert.equal(parseCslJson('[{"id": 1,', 'bad.json').errors.length, 1);
});

test('front matter: bibliography paths with the offsets of the text naming them, and inline references', () => {
  const note = read('note-with-front-matter.md');
  const fm = parseFrontMatter(note);
  assert.deepEqual(fm.bibliography.map((b) => b.path), ['library.bib', 'missing.bib']);
  for (const b of fm.bibliography) assert.equal(note.slice(b.start, b.end), b.path);
  assert.equal(fm.references.length, 1);
  assert.equal(fm.references[0].id, 'inline2022');
  assert.equal(fm.references[0].year, 2022);
  assert.match(fm.references[0].text, /cohort study of 300 patients/);
  const bad = parseFrontMatter('---\ntitle: "unclosed\nbibliography: [a.bib\n---\nText.\n');
  assert.ok(bad.errors.length >= 1);
  assert.match(bad.errors[0].message, /bad YAML/);
});

test('sources folder: one source per Markdown file, id from front matter or file name', async () => {
  const one = parseSourceNote(read('sources-folder/smith-2020.md'), 'smith-2020.md').sources[0];
  assert.equal(one.id, 'smith2020');
  assert.deepEqual(one.authors, ['Smith', 'Jones']);
  assert.match(one.text, /^In this randomised trial/);
  const loaded = await loadSourcesFolder(path.join(dir, 'sources-folder'));
  assert.deepEqual(loaded.sources.map((s) => s.id).sort(), ['no-front-matter', 'smith2020']);
  assert.deepEqual(loaded.errors, []);
});

test('quoted abstract: reference line parsed, text is an exact slice of the note', () => {
  const note = read('quoted-abstract.md');
  const [q] = findQuotedAbstracts(note);
  assert.ok(q);
  assert.equal(q.id, 'rommechristensen2014');
  assert.deepEqual(q.authors, ['Romme Christensen', 'Ratzer']);
  assert.equal(q.year, 2014);
  assert.equal(q.journal, 'Neurology');
  assert.match(q.title!, /^Natalizumab in progressive MS/);
  const offset = q.textOffset as number;
  assert.equal(note.slice(offset, offset + q.text.length), q.text);
  assert.ok(q.text.startsWith('OBJECTIVE:') && q.text.trimEnd().endsWith('in progressive MS.'));
  assert.equal(parseReferenceLine('Nothing here looks like a reference'), undefined);
});

test('loadNoteSources: front-matter files relative to the note, errors point at the naming text, the rest loads', async () => {
  const notePath = path.join(dir, 'note-with-front-matter.md');
  const note = read('note-with-front-matter.md');
  const { sources, errors } = await loadNoteSources(note, notePath, { bibFiles: [path.join(dir, 'zotero.json')], sourcesFolder: 'sources-folder' });
  const ids = sources.map((s) => s.id);
  for (const id of ['romme2014', 'hansen2021statin', 'mice2019', 'inline2022', 'smith2020']) assert.ok(ids.includes(id), id);
  const missing = errors.find((e) => /missing\.bib/.test(e.message))!;
  assert.ok(missing, 'missing file reported');
  assert.equal(note.slice(missing.start!, missing.end!), 'missing.bib');
  // The entry is told by its place, not its text (no bytes of a named file in a message).
  const malformed = errors.find((e) => /malformed BibTeX entry/.test(e.message))!;
  assert.equal(note.slice(malformed.start!, malformed.end!), 'library.bib');
  assert.equal(malformed.line, 11);
  assert.doesNotMatch(malformed.message, /broken2020|Nobody/);
  const cli = await loadNoteSources('No front matter.', undefined, { bibFiles: [path.join(dir, 'nope.bib')] });
  assert.equal(cli.sources.length, 0);
  assert.match(cli.errors[0].message, /file not found/);
});

test('reference lines in Vancouver, author-year and PubMed "Epub:" styles', () => {
  const v = parseReferenceLine('Smith J, Jones K. Vitamin D and relapses in MS. J Neurol. 2019;12:34-56. doi:10.1000/xyz123.')!;
  assert.deepEqual([v.authors, v.title, v.journal, v.year, v.doi], [['Smith', 'Jones'], 'Vitamin D and relapses in MS', 'J Neurol', 2019, '10.1000/xyz123']);
  const ay = parseReferenceLine('Romme Christensen J et al. (2014) Natalizumab in progressive MS. Neurology 82:1499.')!;
  assert.deepEqual([ay.authors, ay.title, ay.year], [['Romme Christensen'], 'Natalizumab in progressive MS', 2014]);
  const numbered = parseReferenceLine('1. Kapoor R, Ho PR, Campbell N, et al. Effect of natalizumab (ASCEND). Lancet Neurol. 2018;17(5):405-415.')!;
  assert.deepEqual(numbered.authors, ['Kapoor', 'Ho', 'Campbell']);
});

test('loadNoteSources: the first source of each id wins, across files and within one, on every load of the cached files', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const os = await import('node:os');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'el-first-'));
  try {
    const entry = (id: string, title: string) => `@article{${id},\n  title = {${title}},\n  year = {2020},\n}\n`;
    writeFileSync(path.join(tmp, 'one.bib'), entry('a', 'First a') + entry('b', 'First b') + entry('a', 'Second a'));
    writeFileSync(path.join(tmp, 'two.bib'), entry('b', 'Other b') + entry('c', 'Only c'));
    const load = () => loadNoteSources('Text.', undefined, { bibFiles: [path.join(tmp, 'one.bib'), path.join(tmp, 'two.bib')] });
    const first = await load();
    assert.deepEqual(first.sources.map((s) => `${s.id}: ${s.title}`), ['a: First a', 'b: First b', 'c: Only c']);
    // The caller's list is its own: changing it changes nothing of the next load (the files are cached).
    first.sources.pop();
    first.sources.push({ id: 'x', text: '' });
    const again = await load();
    assert.deepEqual(again.sources.map((s) => `${s.id}: ${s.title}`), ['a: First a', 'b: First b', 'c: Only c']);
    assert.equal(again.sources[0], first.sources[0], 'the cached sources themselves');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
