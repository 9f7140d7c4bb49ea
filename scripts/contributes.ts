import { rules } from '../server/src/core/rules/index';

/** The extension's `contributes` block, derived from the rule registry. */
export function contributes(): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    'evidenceLens.bibliography': {
      type: 'array', items: { type: 'string' }, default: [], scope: 'resource',
      markdownDescription: 'BibTeX or CSL-JSON files with the sources your notes cite (relative to the workspace folder). Pandoc front matter `bibliography:` is read too.',
    },
    'evidenceLens.sourcesFolder': {
      type: 'string', default: '', scope: 'resource',
      markdownDescription: 'A folder of one-source-per-file Markdown notes (front matter `id`, `title`, `authors`, `year`, …; the body is the abstract).',
    },
    'evidenceLens.allowedSourcePaths': {
      type: 'array', items: { type: 'string' }, default: [], scope: 'resource',
      markdownDescription: 'Folders or files outside the workspace that a note\'s front matter `bibliography:` may name (e.g. `~/Zotero/exports`). A note may name only files inside the workspace otherwise; your own `evidenceLens.bibliography` may be anywhere.',
    },
    'evidenceLens.paragraphCitations': {
      type: 'boolean', default: true, scope: 'resource',
      markdownDescription: 'A citation at the end of a paragraph also covers the paragraph\'s earlier claims.',
    },
    'evidenceLens.strictness': {
      type: 'string', enum: ['strict', 'balanced', 'quiet'], default: 'balanced', scope: 'resource',
      enumDescriptions: ['List every finding, even uncertain ones.', 'List findings the checker is fairly sure of; the rest are hints.', 'List only findings the checker is very sure of.'],
      markdownDescription: 'How sure a finding must be to be listed. Findings below the threshold (strict 0.3, balanced 0.6, quiet 0.8) are shown as hints, which editors keep out of the Problems view.',
    },
    'evidenceLens.drugs': {
      type: 'array', default: [], scope: 'resource',
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, generic: { type: 'string' }, brands: { type: 'array', items: { type: 'string' } }, class: { type: 'string' }, mechanism: { type: 'string' } } },
      markdownDescription: 'Extra drug names, e.g. `{ "name": "tolebrutinib", "class": "BTK inhibitor" }`.',
    },
    'evidenceLens.drugLexicons': {
      type: 'array', items: { type: 'string' }, default: [], scope: 'resource',
      markdownDescription: 'Drug vocabularies to load: a JSON list of entries, the DrugBank open vocabulary CSV, or RxNorm `RXNCONSO.RRF`.',
    },
    'evidenceLens.debounceMs': {
      type: 'number', default: 250, minimum: 0, scope: 'window',
      markdownDescription: 'Pause after typing before a note is re-checked (push-diagnostics clients).',
    },
    'evidenceLens.ncbiApiKey': {
      type: 'string', default: '', scope: 'resource',
      markdownDescription: 'NCBI API key for **Fetch cited sources**: PubMed allows 10 requests a second with a key, 3 without.',
    },
    'evidenceLens.fetch.email': {
      type: 'string', default: '', scope: 'resource',
      markdownDescription: 'Your e-mail address, sent with **Fetch cited sources** to NCBI (`email`) and Crossref (`mailto`, its polite pool) so they can contact you before blocking a misbehaving client.',
    },
    'evidenceLens.fetch.tool': {
      type: 'string', default: 'evidence-lens', scope: 'resource',
      markdownDescription: 'The `tool` name sent to NCBI with **Fetch cited sources**.',
    },
    'evidenceLens.fetch.sourcesFolder': {
      type: 'string', default: '', scope: 'resource',
      markdownDescription: 'Where **Fetch cited sources** writes one Markdown source note per paper (default `.evidence-lens/sources` in the project: the folder of `.evidence-lens.json`, else of `.git`). Notes there are read like a sources folder.',
    },
    'evidenceLens.fetch.pubmedUrl': {
      type: 'string', default: '', scope: 'resource',
      markdownDescription: 'Base URL of PubMed E-utilities (empty = NCBI\'s); point it at a mirror if your institution has one.',
    },
    'evidenceLens.fetch.europePmcUrl': {
      type: 'string', default: '', scope: 'resource',
      markdownDescription: 'Base URL of the Europe PMC REST API (empty = Europe PMC\'s).',
    },
    'evidenceLens.fetch.crossrefUrl': {
      type: 'string', default: '', scope: 'resource',
      markdownDescription: 'Base URL of the Crossref REST API (empty = Crossref\'s).',
    },
    'evidenceLens.trace.server': {
      type: 'string', enum: ['off', 'messages', 'verbose'], default: 'off', scope: 'window',
      description: 'Traces the communication between VS Code and the Evidence Lens server.',
    },
  };
  for (const rule of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
    properties[`evidenceLens.rules.${rule.id}`] = {
      type: 'string',
      enum: ['default', 'off', 'hint', 'information', 'warning', 'error'],
      default: 'default',
      scope: 'resource',
      markdownDescription: `${rule.description} Default severity: \`${rule.defaultSeverity}\`. [Documentation](https://github.com/evidence-lens/evidence-lens/blob/main/docs/rules/${rule.id}.md)`,
    };
  }
  return {
    configuration: { title: 'Evidence Lens', properties },
    grammars: [{
      scopeName: 'evidence-lens.markdown.injection',
      path: './syntaxes/evidence-lens.markdown.injection.tmLanguage.json',
      injectTo: ['text.html.markdown'],
    }],
    commands: [
      { command: 'evidenceLens.restartServer', title: 'Restart server', category: 'Evidence Lens' },
      { command: 'evidenceLens.showOutput', title: 'Show output', category: 'Evidence Lens' },
      { command: 'evidenceLens.fetchCitedSources', title: 'Fetch cited sources', category: 'Evidence Lens' },
      { command: 'evidenceLens.fetchCitedSourcesWorkspace', title: 'Fetch cited sources (workspace)', category: 'Evidence Lens' },
    ],
  };
}
