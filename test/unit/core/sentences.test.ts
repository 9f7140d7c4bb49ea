import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core/analyze';

const sentencesOf = (md: string): string[] => analyze(md).sentences.map((s) => s.text);

test('biomedical abbreviations do not end sentences', () => {
  assert.deepEqual(sentencesOf(
    'Romme Christensen et al. studied 24 patients, i.e. a small cohort, vs. placebo (approx. 60 weeks), e.g. at Dr. Smith\'s clinic. See Fig. 2 for details.',
  ), [
    'Romme Christensen et al. studied 24 patients, i.e. a small cohort, vs. placebo (approx. 60 weeks), e.g. at Dr. Smith\'s clinic.',
    'See Fig. 2 for details.',
  ]);
});

test('decimals, leading-dot p-values and sample sizes keep their sentence', () => {
  assert.deepEqual(sentencesOf('Osteopontin fell by 65 ng/mL (p = 0.0004). The p-value was p = .04. n = 24. Seventeen completed.'), [
    'Osteopontin fell by 65 ng/mL (p = 0.0004).',
    'The p-value was p = .04.',
    'n = 24.',
    'Seventeen completed.',
  ]);
});

test('initials and journal abbreviations in references stay together', () => {
  assert.deepEqual(sentencesOf('Published in J. Neurol. 2014 by Smith, J. R. Jones. Vitamin D. Is it useful?'), [
    'Published in J. Neurol. 2014 by Smith, J. R. Jones.',
    'Vitamin D.',
    'Is it useful?',
  ]);
});

test('headings, list items, table cells and blockquotes are their own units', () => {
  const md = '# Natalizumab in SPMS\n\n1. It reduces relapses\n2. It is safe\n\n| Drug | Effect |\n|---|---|\n| natalizumab | lowers CSF osteopontin |\n\n> OBJECTIVE: To test it.\n> METHODS: Open-label study.\n';
  const analysis = analyze(md);
  assert.deepEqual(analysis.sentences.map((s) => s.text), [
    'Natalizumab in SPMS', 'It reduces relapses', 'It is safe', 'Drug', 'Effect', 'natalizumab', 'lowers CSF osteopontin',
    'OBJECTIVE: To test it.', 'METHODS: Open-label study.',
  ]);
});

test('code, HTML, front matter, math, URLs and link destinations are not prose', () => {
  const md = '---\ntitle: Flat-lines everything\n---\n\nText with `cures` code, <!-- cures --> html, $x = cures$ and https://example.org/cures.html and [a link](https://cures.example/cures).\n\n```\ncures\n```\n';
  const analysis = analyze(md);
  assert.equal(analysis.sentences.length, 1);
  const prose = analysis.sentences[0];
  assert.equal(prose.text, md.slice(prose.start, prose.end));
  assert.equal(analysis.findings.filter((f) => f.ruleId === 'overstated-language').length, 0);
});

test('every sentence is the exact slice of the note, also with CRLF and astral characters', () => {
  const md = '# Título 😀\r\n\r\nχ² = 3.9 with 5 µg of natalizumab 😀 reduced levels. Next one 🧪 here.\r\n\r\n> Quoted line one\r\n> continues here.\r\n';
  const analysis = analyze(md);
  assert.ok(analysis.sentences.length >= 4);
  for (const s of analysis.sentences) assert.equal(md.slice(s.start, s.end), s.text);
  const s = analysis.sentences.find((x) => x.text.startsWith('χ²'));
  assert.ok(s);
  assert.equal(s.start, md.indexOf('χ²'));
  assert.equal(s.end, md.indexOf(' Next one') );
});

test('a finding after emoji and CRLF lines has UTF-16 line and character', () => {
  const md = 'Intro 😀 line.\r\nNatalizumab clearly cures MS.\r\n';
  const finding = analyze(md).findings.find((f) => f.ruleId === 'overstated-language');
  assert.ok(finding);
  assert.equal(finding.line, 1);
  assert.equal(finding.character, md.slice(md.indexOf('\n') + 1).indexOf(md.slice(finding.start, finding.end)));
  assert.equal(md.slice(finding.start, finding.end).length, finding.end - finding.start);
});
