// Fuzz tier (npm run test:fuzz): generated hostile notes and libraries, each analysed in the real
// analysis worker under a time budget. An input fails when the analysis overruns its budget, kills
// its worker, reports an internal error, or returns a range outside the note. No timing assertion:
// the budget is enforced by terminating the worker. FUZZ_RUNS scales the number of inputs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { AnalysisWorker } from '../../server/src/worker/client';

const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-fuzz-'));
// Generous for a 2-core CI machine; a superlinear pass on these sizes takes far longer.
const worker = new AnalysisWorker({ baseBudgetMs: 8000, budgetMsPerKb: 20 });
after(async () => {
  await worker.close();
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
/** Analyses a note (and optional library files written next to it); returns what went wrong, if anything. */
async function problems(text: string, files: Record<string, string> = {}): Promise<string[]> {
  const id = ++counter;
  const names: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    names[name] = `${id}-${name}`;
    writeFileSync(path.join(dir, names[name]), content);
  }
  const note = text.replace(/\{\{(\w+\.\w+)\}\}/g, (_m, n: string) => names[n] ?? n);
  const notePath = path.join(dir, `${id}.md`);
  const outcome = await worker.analyze({ key: notePath, version: 1, text: note, notePath, config: {} });
  if (outcome.kind !== 'done') return [`${outcome.kind}${outcome.kind === 'failed' ? `: ${outcome.message}` : ''}`];
  const out: string[] = [];
  const { analysis } = outcome.note;
  for (const f of analysis.findings) {
    if (f.ruleId === 'internal-error') out.push(`internal error: ${f.message}`);
    if (!(f.start >= 0 && f.start <= f.end && f.end <= note.length)) out.push(`finding ${f.ruleId} out of range`);
  }
  for (const s of analysis.sentences) if (note.slice(s.start, s.end) !== s.text) out.push('sentence text is not its slice');
  for (const s of analysis.statistics) if (note.slice(s.start, s.end) !== s.text) out.push('statistic text is not its slice');
  return out;
}

const check = (text: string, files?: Record<string, string>) => problems(text, files).then((p) => {
  assert.deepEqual(p, [], `on ${JSON.stringify(text.length > 400 ? `${text.slice(0, 400)}…` : text)}${files ? ` with ${JSON.stringify(files).slice(0, 400)}` : ''}`);
});

// --- generators -----------------------------------------------------------------------------

const DOMAIN = [
  'Natalizumab', ' Tysabri', ' flat-lines', ' proves', ' cures', ' may reduce', ' is associated with', ' did not slow',
  ' disability', ' p = 0.04', ' p < .001', ' p=.000', ' 95% CI 34–96', ' (95% CI, 0.61 to 0.89)', ' HR 0.74',
  ' t(16) = 4.11', ' F(2, 30) = 5.2', ' χ²(1) = 3.9', ' r(48) = .30', ' n = 24', ' 17 of 24 (75%)', ' M = 4.2, SD = 1.1',
  ' [@romme2014]', ' [@a; @b]', ' [1]', ' [^1]', '[^1]: Smith 2014.', ' doi:10.1212/WNL.0000000000000361', ' PMID: 24532273',
  ' et al.', ' e.g.', '.', '. ', '? ', '\n', '\n\n', '\n> ', '\n# ', '\n- ', '\n1. ', '\n| a | b |\n|---|---|\n| ', ' |',
  '`code`', '```\n', '<!-- evidence-lens-disable-next-line -->', '<b>', '$x$', '$$\n', ' https://example.org/a.b', ' 😀',
  ' µg', ' −0.5', ' ARR 5%, NNT 12', ' ([{', ' *', '_', '**', '~~', ' \\', '[', ']', '(', ')', ' 1e-400', ' NaN', ' items',
];
const soup = fc.array(fc.oneof(fc.constantFrom(...DOMAIN), fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 300 })
  .map((parts) => parts.join(''));

const nesting = fc.record({
  unit: fc.constantFrom('> ', '- ', '* ', '1. ', '  ', '[', '(', '*', '**', '_', '~~', '[a', '> - ', '    ', '\t'),
  depth: fc.integer({ min: 1, max: 6000 }),
  middle: fc.constantFrom('x', 'Natalizumab proves recovery (p = .04) [@k].', ''),
  close: fc.constantFrom('', ']', ')', '*', '**', '](u)', '_'),
  lines: fc.boolean(),
}).map(({ unit, depth, middle, close, lines }) => (lines
  ? Array.from({ length: Math.min(depth, 200) }, (_, i) => `${unit.repeat(i)}${middle || 'x'}`).join('\n')
  : `${unit.repeat(depth)}${middle}${close.repeat(depth)}`));

const hugeNumber = fc.oneof(
  fc.constantFrom('0', '1', '9999999999', '1e-400', '1e400', '1e308', '0.5e-323', '4294967296', '2147483647', '-0', '00', '1.', '.5', '−1', 'NaN', '∞'),
  fc.integer({ min: 1, max: 600 }).map((k) => `0.${'0'.repeat(k)}1`),
  fc.integer({ min: 1, max: 600 }).map((k) => '9'.repeat(k)),
  fc.integer({ min: 1, max: 400 }).map((k) => `1.${'3'.repeat(k)}`),
  fc.double({ noNaN: true }).map(String),
  fc.integer().map(String),
);
const STAT_TEMPLATES: ((n: string[]) => string)[] = [
  ([a, b]) => `χ²(${a}) = ${b}, p = .04`,
  ([a, b, c]) => `t(${a}) = ${b}, p = ${c}`,
  ([a, b, c, d]) => `F(${a}, ${b}) = ${c}, p = ${d}`,
  ([a, b, c]) => `r(${a}) = ${b}, p = ${c}`,
  ([a, b]) => `z = ${a}, p = ${b}`,
  ([a, b, c]) => `${a} of ${b} (${c}%)`,
  ([a, b, c]) => `The mean number of items was ${a} (SD ${b}; n = ${c}).`,
  ([a, b]) => `ARR ${a}%, NNT ${b}`,
  ([a, b, c, d]) => `HR ${a} (95% CI ${b}–${c}; p = ${d})`,
  ([a, b, c]) => `difference ${a} (SE ${b}), p = ${c}`,
  ([a]) => `p = ${a}`,
  ([a, b]) => `${a}% (${b} of 24)`,
];
const extremeNumbers = fc.array(fc.tuple(fc.constantFrom(...STAT_TEMPLATES), fc.array(hugeNumber, { minLength: 4, maxLength: 4 })), { minLength: 1, maxLength: 12 })
  .map((items) => `Treatment significantly reduced relapses: ${items.map(([t, n]) => t(n)).join('; ')}.\n`);

const BIB_TOKENS = ['@article{', '@string{', '@comment{', '@preamble{', 'k1,', 'title = ', 'abstract = ', 'author = ', '{', '}', '"', '#', '=', ',', 'a0', 'a1',
  ' and ', 'Smith, J.', '{\\"u}', '\\textit{', '$x$', '%', '\n', 'natalizumab reduced relapses', '(', ')', '@', '\\', '~', '--'];
const bibtex = fc.oneof(
  fc.array(fc.constantFrom(...BIB_TOKENS), { maxLength: 200 }).map((t) => t.join('')),
  fc.integer({ min: 2, max: 40 }).map((k) => `@string{a0 = "xxxxxxxxxx"}\n${Array.from({ length: k }, (_, i) => `@string{a${i + 1} = a${i} # a${i}}`).join('\n')}\n@article{k1, title = a${k}, abstract = a${k - 1}}\n`),
  fc.integer({ min: 1, max: 300_000 }).map((len) => `@article{k1, title = {Big}, abstract = {${'natalizumab reduced relapses. '.repeat(Math.ceil(len / 30)).slice(0, len)}}}\n`),
  fc.integer({ min: 1, max: 400 }).map((k) => `@article{k1, title = ${'{'.repeat(k)}x${'}'.repeat(k)}}\n`),
);
const YAML_TOKENS = ['[', ']', '{', '}', '&a ', '*a ', '- ', ': ', 'bibliography: ', 'references: ', '\n', '  ', 'id: k1', '"', "'", '!!str ', '? ', '|', '>', '#', ',', '<<: *a'];
const yaml = fc.oneof(
  fc.array(fc.constantFrom(...YAML_TOKENS), { maxLength: 200 }).map((t) => t.join('')),
  fc.record({ open: fc.constantFrom('[', '{', '- ', '  '), depth: fc.integer({ min: 1, max: 6000 }) }).map(({ open, depth }) => `title: ${open.repeat(depth)}`),
  fc.integer({ min: 1, max: 30 }).map((k) => `a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: k }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}]`).join('\n')}\n`),
);
const cslJson = fc.oneof(
  fc.json({ maxDepth: 6 }),
  fc.array(fc.record({ id: fc.oneof(fc.string(), fc.integer()), title: fc.anything(), author: fc.anything(), abstract: fc.oneof(fc.string(), fc.integer({ min: 1, max: 150_000 }).map((n) => 'a '.repeat(n))), issued: fc.anything() }, { requiredKeys: [] }), { maxLength: 20 }).map((a) => JSON.stringify(a)),
  fc.integer({ min: 1, max: 20_000 }).map((k) => `${'['.repeat(k)}${']'.repeat(k)}`),
);

const NOTE_BODY = '\n\nNatalizumab reduced relapses [@k1]. Natalizumab cures progression.\n';

// --- properties -----------------------------------------------------------------------------

test('token soup of Markdown and domain text', async () => {
  await fc.assert(fc.asyncProperty(soup, (text) => check(text)), { numRuns: runs(1200), seed: 14_01 });
});

test('deep nesting: containers, brackets, emphasis, indentation', async () => {
  await fc.assert(fc.asyncProperty(nesting, (text) => check(text)), { numRuns: runs(200), seed: 14_02 });
});

test('extreme numbers in statistics', async () => {
  await fc.assert(fc.asyncProperty(extremeNumbers, (text) => check(text)), { numRuns: runs(1000), seed: 14_03 });
});

test('malformed and oversized BibTeX libraries', async () => {
  await fc.assert(fc.asyncProperty(bibtex, (bib) => check(`---\nbibliography: {{lib.bib}}\n---${NOTE_BODY}`, { 'lib.bib': bib })), { numRuns: runs(200), seed: 14_04 });
});

test('malformed and hostile YAML front matter', async () => {
  await fc.assert(fc.asyncProperty(yaml, (front) => check(`---\n${front}\n---${NOTE_BODY}`)), { numRuns: runs(300), seed: 14_05 });
});

test('malformed and oversized CSL-JSON libraries', async () => {
  await fc.assert(fc.asyncProperty(cslJson, (json) => check(`---\nbibliography: {{lib.json}}\n---${NOTE_BODY}`, { 'lib.json': json })), { numRuns: runs(150), seed: 14_06 });
});
