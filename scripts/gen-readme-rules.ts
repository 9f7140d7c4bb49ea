// Rewrites the rule list in README.md (between the rules:start/rules:end markers) from the
// registry, so every rule is documented with an example. Run: `npx tsx scripts/gen-readme-rules.ts`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../server/src/core/rules/index';

const file = path.join(__dirname, '..', 'README.md');
const readme = readFileSync(file, 'utf8');
const begin = '<!-- rules:start -->';
const end = '<!-- rules:end -->';
const categories = ['statistics', 'drugs', 'claims', 'evidence', 'citations'] as const;
const quote = (s: string): string => s.trim().split('\n').map((l) => `> ${l}`).join('\n');
let body = `${begin}\n`;
for (const category of categories) {
  const inCategory = rules.filter((r) => r.category === category);
  if (!inCategory.length) continue;
  body += `\n### ${category[0].toUpperCase()}${category.slice(1)}\n`;
  for (const rule of inCategory) {
    body += `\n#### \`${rule.id}\` (${rule.defaultSeverity})\n\n${rule.description} [Docs](docs/rules/${rule.id}.md)\n\n`;
    body += `Flagged:\n\n${quote(rule.docs.bad)}\n\nBetter:\n\n${quote(rule.docs.good)}\n`;
  }
}
body += `\n${end}`;
const start = readme.indexOf(begin);
const stop = readme.indexOf(end);
if (start < 0 || stop < 0) throw new Error('README.md has no rules:start/rules:end markers');
writeFileSync(file, readme.slice(0, start) + body + readme.slice(stop + end.length));
console.log(`README.md: ${rules.length} rules written`);
