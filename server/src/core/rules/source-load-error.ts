import type { Rule } from './rule';
import type { FindingDraft } from '../types';
import type { SourceLoadError } from '../evidence/sources';

/**
 * Reports a source that could not be loaded (missing bibliography file, malformed BibTeX entry,
 * bad YAML front matter) on the text that names it, so the problem is visible instead of a
 * silently missing source. The other sources still load.
 */
const rule: Rule = {
  id: 'source-load-error',
  description: 'A bibliography or source file that could not be read or parsed.',
  category: 'citations',
  defaultSeverity: 'warning',
  docs: {
    bad: '---\nbibliography: refs-missing.bib\n---\nNatalizumab lowered CSF osteopontin [@romme2014].',
    good: '---\nbibliography: references.bib\n---\nNatalizumab lowered CSF osteopontin [@romme2014].',
  },
  check(ctx) {
    const errors = (ctx.extras.sourceLoadErrors as SourceLoadError[] | undefined) ?? [];
    const out: FindingDraft[] = [];
    for (const e of errors) {
      const start = typeof e.start === 'number' ? e.start : 0;
      const end = typeof e.end === 'number' ? Math.max(e.end, start) : start;
      const at = typeof e.line === 'number' ? ` line ${e.line + 1}${typeof e.column === 'number' ? `, column ${e.column + 1}` : ''}` : '';
      const where = e.file ? `\`${e.file}\`${at}: ` : '';
      out.push({ start, end, message: `Could not load sources: ${where}${e.message}`, data: { file: e.file, line: e.line, column: e.column } });
    }
    return out;
  },
};

export default rule;
