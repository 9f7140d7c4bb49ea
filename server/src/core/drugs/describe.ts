import type { Drug } from '../types';
import { lookupGeneric } from './lexicon';
import type { DrugMention } from './matcher';

/** Markdown hover for a drug mention: generic, brands, class, mechanism and where the name came from. */
export function describeDrug(d: Drug): string {
  const m = d as DrugMention;
  const entry = d.origin === 'lexicon' ? lookupGeneric(d.generic) : undefined;
  const brands = m.brands ?? entry?.brands ?? [];
  const cls = d.class ?? entry?.class;
  const mechanism = m.mechanism ?? entry?.mechanism;
  const lines: string[] = [];
  const title = d.brand ? `**${d.brand}** → generic **${d.generic}**` : `**${d.generic}**`;
  lines.push(title);
  lines.push('');
  if (brands.length) lines.push(`- Brands: ${brands.map((b) => (b === d.brand ? `**${b}**` : b)).join(', ')}`);
  if (cls) lines.push(`- Class: ${cls}`);
  if (mechanism) lines.push(`- Mechanism: ${mechanism}`);
  lines.push(`- Source: ${originText(d, m.provenance ?? entry?.provenance)}`);
  return lines.join('\n');
}

function originText(d: Drug, provenance: string | undefined): string {
  switch (d.origin) {
    case 'lexicon':
      return `bundled lexicon${provenance ? ` (${provenance})` : ''}`;
    case 'user':
      return 'your drug lexicon (settings `drugs` or a file in `drugLexicons`)';
    case 'stem':
      return `not in the lexicon; recognised by its ${provenance ?? 'INN stem'}. Check the spelling and the class.`;
    default:
      return String(d.origin);
  }
}
