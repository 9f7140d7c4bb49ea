// End to end on the sample notes with their sources (samples/ and samples/references.bib, read
// through the workspace loader exactly as the CLI and the LSP do).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeNote } from '../../../server/src/core/analyze';
import { loadNoteSources } from '../../../server/src/workspace/sources';
import { describeClaim } from '../../../server/src/core/evidence/describe';
import type { EvidenceClaim } from '../../../server/src/core/evidence/index';
import type { StudyProfile } from '../../../server/src/core/evidence/study';

const samples = path.join(__dirname, '..', '..', '..', 'samples');

async function analyzeSample(name: string) {
  const file = path.join(samples, name);
  const text = readFileSync(file, 'utf8');
  const loaded = await loadNoteSources(text, file, { bibFiles: [] });
  assert.deepEqual(loaded.errors, []);
  const note = analyzeNote(text, { sources: loaded.sources, sourceErrors: loaded.errors });
  const claims = note.context.claims as EvidenceClaim[];
  const claimWith = (needle: string) => {
    const c = claims.find((x) => note.context.sentences[x.sentence].text.includes(needle));
    assert.ok(c, `claim containing ${needle}`);
    return c;
  };
  const findings = (ruleId: string) => note.analysis.findings.filter((f) => f.ruleId === ruleId);
  return { text, note, claims, claimWith, findings };
}

test('natalizumab sample: flat-lines is overstated (magnitude, surrogate-to-clinical, study-design) on the osteopontin result', async () => {
  const { text, note, claimWith, findings } = await analyzeSample('natalizumab-progressive-ms.md');
  const c = claimWith('flat-lines disability progression');
  assert.equal(c.verdict, 'overstated');
  for (const r of ['magnitude', 'surrogate-to-clinical', 'study-design']) assert.ok(c.reasons.includes(r), r);
  const osteopontin = c.evidence.find((e) => /CSF osteopontin\s+decreased by 65 ng\/mL/.test(e.text));
  assert.ok(osteopontin, 'the CSF osteopontin result is among the evidence');
  assert.equal(text.slice(osteopontin.start!, osteopontin.end!), osteopontin.text, 'evidence located in the quoted abstract');
  const f = findings('overstated-claim').find((x) => text.slice(x.start, x.end).includes('flat-lines'))!;
  assert.match(f.message, /`flat-lines`/);
  assert.match(f.message, /open-label/);
  assert.ok((f.data!.related as { start: number }[]).some((r) => r.start === osteopontin.start), 'relatedInformation points at the evidence sentence');
  const profiles = note.context.extras.studyProfiles as Record<string, StudyProfile>;
  assert.equal(profiles.romme2014natalizumab.enrolled, 24);
  assert.equal(profiles.romme2014natalizumab.completed, 17);
  const hover = describeClaim(c, note.context.sources, note.context.extras);
  assert.match(hover, /overstated/);
  assert.match(hover, /https:\/\/doi\.org\/10\.1212\/WNL\.0000000000000361/);
  assert.match(hover, /open-label, phase 2A/);
  assert.match(hover, /> CSF osteopontin decreased by 65 ng\/mL/);
});

test('natalizumab sample: correct quote supported, misquote flagged, uncited claim unsupported, ASCEND claim contradicted', async () => {
  const { text, claimWith, findings } = await analyzeSample('natalizumab-progressive-ms.md');
  assert.equal(claimWith('fell by 65 ng/mL').verdict, 'supported');
  const misquoted = findings('misquoted-number').map((f) => text.slice(f.start, f.end));
  assert.deepEqual(misquoted, ['56 ng/mL', 'p = 0.004']);
  assert.equal(claimWith('do nothing to').verdict, 'unsupported');
  assert.ok(findings('unsupported-claim').some((f) => text.slice(f.start, f.end).startsWith('Alemtuzumab, rituximab and mitoxantrone')));
  assert.equal(claimWith('In\nASCEND, natalizumab slowed').verdict, 'contradicted');
  // Questions and reader comments are not judged.
  const comments = text.indexOf('## Comments');
  for (const rule of ['unsupported-claim', 'overstated-claim', 'contradicted-claim']) {
    assert.deepEqual(findings(rule).filter((f) => f.start > comments), [], rule);
  }
  assert.deepEqual(findings('unresolved-citation'), []);
});

test('SGLT2 sample: misquoted percentage and p value, mouse study read as patients', async () => {
  const { text, claimWith, findings } = await analyzeSample('sglt2-heart-failure.md');
  const misquoted = findings('misquoted-number').map((f) => text.slice(f.start, f.end));
  assert.ok(misquoted.includes('3.6%'));
  assert.ok(misquoted.includes('p = 0.24'));
  const fibrosis = claimWith('reverses cardiac fibrosis');
  assert.ok(fibrosis.reasons.includes('population') && fibrosis.reasons.includes('magnitude'));
  assert.equal(claimWith('386 of 2373').verdict, 'supported');
  assert.equal(claimWith('eliminate heart failure').verdict, 'overstated');
});
