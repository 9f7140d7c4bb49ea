import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest, DidChangeTextDocumentNotification, HoverRequest, type CodeAction, type Diagnostic, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TestClient, serverPath } from './lsp-client';

/**
 * Quick fixes over the real protocol, applied as an editor applies them (LSP positions: lines break
 * at \r\n, \n and \r; characters are UTF-16 units), on notes with every kind of line ending and
 * astral characters (emoji ZWJ sequences) before the words the fixes rewrite.
 */

const FAMILY = '👨‍👩‍👧';
const FLAG = '🏳️‍🌈';

/** One line a paragraph; every rule that offers a fix fires once. */
const LINES = [
  '---',
  'title: Probe',
  'references:',
  '  - id: okafor2019',
  '    title: Dapagliflozin in heart failure with reduced ejection fraction',
  '    author: [{family: Okafor, given: C}]',
  '    issued: {date-parts: [[2019]]}',
  '    abstract: Dapagliflozin reduced worsening heart failure and cardiovascular death in patients with reduced ejection fraction.',
  '---',
  '',
  `# ${FAMILY} Notes`,
  '',
  `${FAMILY} Patients ${FLAG} took Natalizimab after two relapses.`,
  '',
  `${FLAG} Patients switched to Tysabri after two relapses.`,
  '',
  `${FAMILY} Natalizumab flat-lines disability progression.`,
  '',
  `${FAMILY} The difference in relapse rate was significant (p = .000).`,
  '',
  `${FAMILY} Of those treated, 17 of 24 (75%) responded.`,
  '',
  `${FAMILY} Dapagliflozin lowered cardiovascular death [@okafor2091].`,
  '',
  `${FAMILY} Dapagliflozin reduced worsening heart failure and cardiovascular death in patients with reduced ejection fraction.`,
  '',
  `${FAMILY} CSF neurofilament light chain decreased by 201 ng/L from baseline to week 48 (p = 0.02) [@lindahl2019].`,
  '',
  '## Source',
  '',
  'Epub: Lindahl M, Berg K, et al. Anti-CD20 antibody in progressive MS: an open-label, phase 2 biomarker study. Brain Research Notes. 2019 Jun.',
  '',
  'RESULTS: Twenty-six patients completed the study. CSF neurofilament light chain decreased by 210 ng/L (95% CI 120-300 ng/L; p = 0.002) from baseline to week 48.',
  '',
  'CONCLUSIONS: The antibody lowered CSF neurofilament light chain in progressive MS.',
  '',
];

/** Rules with quick fixes, and the text each fix must replace in the note above. */
const EXPECTED_TARGETS: Record<string, string> = {
  'drug-name-misspelled': 'Natalizimab',
  'drug-brand-generic': 'Tysabri',
  'overstated-language': 'flat-lines',
  'p-value-range': 'p = .000',
  'percent-arithmetic': '75',
  'unresolved-citation': '@okafor2091',
  'unsupported-claim': '',
  'misquoted-number': '201 ng/L|p = 0.02',
};

const join = (endings: (i: number) => string): string => LINES.map((l, i) => (i < LINES.length - 1 ? l + endings(i) : l)).join('');
const VARIANTS: Record<string, string> = {
  LF: join(() => '\n'),
  CRLF: join(() => '\r\n'),
  CR: join(() => '\r'),
  mixed: join((i) => ['\r\n', '\n', '\r'][i % 3]),
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const normalize = (text: string): string => text.replace(/\r\n?/g, '\n');

type Action = CodeAction & { edit: { changes?: Record<string, TextEdit[]>; documentChanges?: { textDocument: { uri: string; version: number }; edits: TextEdit[] }[] } };

function editsOf(action: Action, uri: string): TextEdit[] {
  if (action.edit.changes) return action.edit.changes[uri] ?? [];
  const changes = action.edit.documentChanges as { textDocument: { uri: string }; edits: TextEdit[] }[];
  return changes.filter((c) => c.textDocument.uri === uri).flatMap((c) => c.edits);
}

/** Applies edits as an editor does, with an independent LSP text model. */
function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'markdown', 1, text), edits);
}

function replaced(text: string, edit: TextEdit): string {
  const doc = TextDocument.create('file:///x', 'markdown', 1, text);
  return text.slice(doc.offsetAt(edit.range.start), doc.offsetAt(edit.range.end));
}

let client: TestClient;
before(async () => {
  assert.ok(existsSync(serverPath), 'run `npm run build` first: dist/server.js is missing');
  client = new TestClient();
  await client.initialize({});
});
after(async () => {
  await client.close();
});

async function actionsFor(uri: string, diagnostic: Diagnostic): Promise<Action[]> {
  return await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
  }) as Action[];
}

/** Every fix of every diagnostic, applied: rule, title, text replaced, and the resulting note. */
async function allFixes(uri: string, text: string, diagnostics: Diagnostic[]) {
  const out: { rule: string; title: string; target: string; result: string; diagnostic: Diagnostic }[] = [];
  for (const d of diagnostics) {
    for (const a of await actionsFor(uri, d)) {
      const [edit] = editsOf(a, uri);
      out.push({ rule: String(d.code), title: a.title, target: replaced(text, edit), result: apply(text, editsOf(a, uri)), diagnostic: d });
    }
  }
  return out;
}

let uriCount = 0;
async function openNote(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = `file:///tmp/evidence-lens-fixes/note-${++uriCount}.md`;
  await client.open(uri, text);
  const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
  return { uri, diagnostics: published.diagnostics };
}

const lfResults = new Map<string, string>();

for (const [name, text] of Object.entries(VARIANTS)) {
  test(`${name} note: every rule's fixes replace exactly their target, as on LF; disable actions keep the note's line endings`, async () => {
    const { uri, diagnostics } = await openNote(text);
    const doc = TextDocument.create(uri, 'markdown', 1, text);
    // Diagnostics land on the words they name.
    const misspelled = diagnostics.find((d) => d.code === 'drug-name-misspelled')!;
    assert.ok(misspelled, 'drug-name-misspelled fires');
    assert.equal(text.slice(doc.offsetAt(misspelled.range.start), doc.offsetAt(misspelled.range.end)), 'Natalizimab');

    const fixes = await allFixes(uri, text, diagnostics);
    for (const [rule, target] of Object.entries(EXPECTED_TARGETS)) {
      const own = fixes.filter((f) => f.rule === rule && !/^Disable /.test(f.title));
      assert.ok(own.length > 0, `${name}: ${rule} offers a fix; got ${fixes.map((f) => `${f.rule}: ${f.title}`).join(' | ')}`);
      for (const f of own) assert.ok(target.split('|').includes(f.target), `${name}: ${rule} "${f.title}" replaces ${JSON.stringify(f.target)}, not its target ${target}`);
    }
    const keyOf = (f: (typeof fixes)[number]): string => `${f.rule}|${f.title}|${f.diagnostic.message}|${JSON.stringify(f.diagnostic.range)}`;
    if (name !== 'LF') assert.deepEqual(fixes.map(keyOf).sort(), [...lfResults.keys()].sort(), `${name}: the same diagnostics and actions as on LF`);
    for (const f of fixes) {
      assert.doesNotMatch(f.result, LONE_SURROGATE, `${name}: ${f.title} splits no surrogate pair`);
      const key = keyOf(f);
      if (name === 'LF') lfResults.set(key, f.result);
      else if (!/for this file/.test(f.title) && lfResults.has(key)) {
        assert.equal(normalize(f.result), lfResults.get(key), `${name}: ${f.title} edits the same text as on LF`);
      }
      if (/for this (line|file)/.test(f.title)) {
        // The edit adds a comment and, for the file form, one line break of the note's own kind.
        const breaks = (s: string) => (s.match(/\r\n|\r|\n/g) ?? []).length;
        assert.equal(breaks(f.result) - breaks(text), /file/.test(f.title) ? 1 : 0, `${name}: ${f.title}`);
        if (name !== 'mixed') {
          const eol = name === 'LF' ? '\n' : name === 'CRLF' ? '\r\n' : '\r';
          assert.ok(f.result.split(/\r\n|\r|\n/).length === f.result.split(eol).length, `${name}: ${f.title} inserts only ${JSON.stringify(eol)}`);
        }
      }
      if (/for this file/.test(f.title)) {
        assert.ok(f.result.startsWith('---'), `${name}: the front matter stays first`);
        const afterFence = f.result.split(/\r\n|\r|\n/);
        assert.equal(afterFence[LINES.indexOf('---', 1) + 1], `<!-- evidence-lens-disable-file ${f.rule} -->`, `${name}: directive right after the front matter`);
      }
    }
  });
}

test('applying disable for this line / file silences exactly that finding on a CRLF and a CR note', async () => {
  for (const name of ['CRLF', 'CR', 'mixed']) {
    const { uri, diagnostics } = await openNote(VARIANTS[name]);
    const d = diagnostics.find((x) => x.code === 'overstated-language')!;
    for (const a of await actionsFor(uri, d)) {
      if (!/^Disable/.test(a.title)) continue;
      const { diagnostics: after } = await openNote(apply(VARIANTS[name], editsOf(a, uri)));
      assert.ok(!after.some((x) => x.code === 'overstated-language'), `${name}: ${a.title}`);
      assert.equal(after.length, diagnostics.length - 1, `${name}: ${a.title} silences only that finding`);
    }
  }
});

test('a diagnostic computed before the writer typed on an earlier line gets no stale fix', async () => {
  const text = VARIANTS.mixed;
  const { uri, diagnostics } = await openNote(text);
  const misspelled = diagnostics.find((d) => d.code === 'drug-name-misspelled')!;
  // The writer types on the line before the drug name: the old diagnostic's range now covers other text.
  const line = misspelled.range.start.line;
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'All ' }],
  });
  const stale = await actionsFor(uri, misspelled);
  assert.deepEqual(stale.map((a) => a.title), [], 'nothing is offered for a range whose text changed');
  const fresh = await client.waitForDiagnostics(uri, (p) => p.version === 2);
  const now = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: 'All ' }]);
  const d = fresh.diagnostics.find((x) => x.code === 'drug-name-misspelled')!;
  const [fix] = await actionsFor(uri, d);
  assert.equal(replaced(now, editsOf(fix, uri)[0]), 'Natalizimab');
  assert.match(apply(now, editsOf(fix, uri)), new RegExp(`All ${FAMILY} Patients ${FLAG} took Natalizumab after`));
});

test('versioned edits for a client that supports documentChanges', async () => {
  const versioned = new TestClient();
  try {
    await versioned.initialize({ workspace: { workspaceEdit: { documentChanges: true } } });
    const uri = 'file:///tmp/evidence-lens-fixes/versioned.md';
    await versioned.open(uri, VARIANTS.CRLF, 7);
    const published = await versioned.waitForDiagnostics(uri, (p) => p.version === 7);
    const d = published.diagnostics.find((x) => x.code === 'drug-brand-generic')!;
    const actions = await versioned.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: d.range, context: { diagnostics: [d] },
    }) as Action[];
    assert.ok(actions.length >= 3);
    for (const a of actions) assert.deepEqual(a.edit.documentChanges?.[0].textDocument, { uri, version: 7 });
  } finally {
    await versioned.close();
  }
});

test('hover positions follow the same model on a CR-only note', async () => {
  const { uri, diagnostics } = await openNote(VARIANTS.CR);
  const d = diagnostics.find((x) => x.code === 'overstated-language')!;
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: d.range.start.line, character: d.range.start.character + 1 } });
  assert.match(JSON.stringify(hover?.contents), /flat-lines/);
  assert.equal(hover?.range?.start.line, d.range.start.line);
  assert.ok(hover!.range!.end.character >= d.range.end.character && hover!.range!.start.character <= d.range.start.character);
});

// Fragments of notes: drug names (right, misspelled, brands), p-values, percentages, emoji, text.
const FRAGMENTS = [
  'Natalizimab', 'Tysabri', 'natalizumab', 'flat-lines', 'cures', '(p = .000)', '(p = 1.7)', '17 of 24 (75%)', '12/40 (35.0%)',
  FAMILY, FLAG, '😀', 'é', 'Patients', 'took', 'reduced relapses', '.', ',', ' ', ' ', ' ', '\n', '\r\n', '\r', '\n\n', '\r\r', '\r\n\r\n',
];
const INSERTS = ['x', ' ', FAMILY, '😀', '\n', '\r', '\r\n', 'Tysabri ', 'Natalizimab ', ''];

test('property: random notes and random edits: every offered fix changes only its target, now and after an edit', async () => {
  let n = 0;
  await fc.assert(fc.asyncProperty(
    fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 3, maxLength: 40 }),
    fc.nat(), fc.nat(), fc.constantFrom(...INSERTS),
    async (pieces, at, len, insert) => {
      const text = pieces.join(' ').replace(/ {2,}/g, ' ');
      const uri = `file:///tmp/evidence-lens-fixes/prop-${++n}.md`;
      await client.open(uri, text);
      const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
      const check = async (current: string, diagnostics: Diagnostic[], version: number) => {
        const doc = TextDocument.create(uri, 'markdown', version, current);
        for (const d of diagnostics) {
          const data = d.data as { target?: string; fixes?: { title: string; oldText?: string }[] };
          for (const a of await actionsFor(uri, d)) {
            const edits = editsOf(a, uri);
            assert.equal(edits.length, 1, a.title);
            const [edit] = edits;
            const s = doc.offsetAt(edit.range.start);
            const e = doc.offsetAt(edit.range.end);
            const result = apply(current, edits);
            // Only the range changes; nothing before or after it, and no character is split.
            assert.equal(result, current.slice(0, s) + edit.newText + current.slice(e));
            assert.doesNotMatch(result, LONE_SURROGATE, a.title);
            if (/for this line/.test(a.title)) {
              assert.equal(s, e);
              assert.ok(s === current.length || current[s] === '\r' || current[s] === '\n', 'disable-line inserts at a line end');
            } else if (/for this file/.test(a.title)) {
              assert.equal(s, e);
            } else {
              // A rule's fix replaces exactly the text the diagnostic named for it, inside the diagnostic's range.
              const named = data.fixes?.find((f) => f.title === a.title);
              assert.ok(named, `${a.title} was named by the diagnostic`);
              assert.equal(current.slice(s, e), named!.oldText, `${a.title} replaces its target`);
              assert.equal(current.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end)), data.target, 'the diagnostic still covers its text');
            }
          }
        }
      };
      await check(text, first.diagnostics, 1);
      // A random edit, then the old diagnostics' actions are asked for on the new text.
      const doc = TextDocument.create(uri, 'markdown', 1, text);
      // An editor's edit starts and ends between characters and line breaks.
      const between = (o: number): number => (/[\uD800-\uDBFF]/.test(text[o - 1] ?? '') && /[\uDC00-\uDFFF]/.test(text[o] ?? '')) || (text[o - 1] === '\r' && text[o] === '\n') ? o - 1 : o;
      const s = between(at % (text.length + 1));
      const e = Math.max(s, between(Math.min(text.length, s + (len % 4))));
      const range = { start: doc.positionAt(s), end: doc.positionAt(e) };
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ range, text: insert }] });
      const edited = TextDocument.applyEdits(doc, [{ range, newText: insert }]);
      await check(edited, first.diagnostics, 2);
      const second = await client.waitForDiagnostics(uri, (p) => p.version === 2);
      await check(edited, second.diagnostics, 2);
    },
  ), { numRuns: 25 });
});
