import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../../server/src/cli/main';

test('the CLI\'s line:col and SARIF region follow the LSP position model on LF, CRLF, CR and mixed notes', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-cli-pos-'));
  try {
    const lines = ['# Note', '', 'Intro 👨‍👩‍👧 text.', '', '👨‍👩‍👧 Natalizumab flat-lines progression.', ''];
    const endings: Record<string, (i: number) => string> = { lf: () => '\n', crlf: () => '\r\n', cr: () => '\r', mixed: (i) => ['\r\n', '\r', '\n'][i % 3] };
    for (const [name, eol] of Object.entries(endings)) {
      const file = path.join(dir, `${name}.md`);
      writeFileSync(file, lines.map((l, i) => l + (i < lines.length - 1 ? eol(i) : '')).join(''));
      for (const format of ['text', 'sarif']) {
        const stdout = new PassThrough();
        let out = '';
        stdout.on('data', (d) => { out += d; });
        await main(['check', '--format', format, file], { stdout: stdout as never, stderr: new PassThrough() as never, stdin: Readable.from(['']) as never });
        const column = '👨‍👩‍👧 Natalizumab '.length + 1;
        if (format === 'text') assert.match(out, new RegExp(`${name}\\.md:5:${column}: warning overstated-language`), `${name}: ${out}`);
        else {
          const result = JSON.parse(out).runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'overstated-language');
          assert.deepEqual([result.locations[0].physicalLocation.region.startLine, result.locations[0].physicalLocation.region.startColumn], [5, column], name);
        }
      }
    }
  } finally { rmSync(dir, { recursive: true }); }
});
