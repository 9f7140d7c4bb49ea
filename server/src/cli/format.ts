import type { Finding, Severity } from '../core/types';
import { rules } from '../core/rules/index';
import { docsUrl } from '../core/rules/rule';

export interface FileFindings {
  path: string;
  findings: Finding[];
}

/** `path:line:col: severity rule-id: message`, 1-based, one finding a line, then a summary. */
export function formatText(results: FileFindings[]): string {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const { path, findings } of results) {
    for (const f of findings) {
      counts[f.severity]++;
      lines.push(`${path}:${f.line + 1}:${f.character + 1}: ${f.severity} ${f.ruleId}: ${f.message}`);
    }
  }
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const files = results.length === 1 ? '1 file' : `${results.length} files`;
  lines.push(
    total === 0
      ? `No findings in ${files}.`
      : `${total} finding${total === 1 ? '' : 's'} in ${files}: ${counts.error} errors, ${counts.warning} warnings, ${counts.information} information, ${counts.hint} hints.`,
  );
  return `${lines.join('\n')}\n`;
}

/** DESIGN.md contract: {"version":1,"files":[{"path","findings":[Finding…]}]}. */
export function formatJson(results: FileFindings[]): string {
  return `${JSON.stringify({ version: 1, files: results.map(({ path, findings }) => ({ path, findings })) }, null, 2)}\n`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF 2.1.0 with one run; columns are UTF-16 code units, as in the editor. */
export function formatSarif(results: FileFindings[]): string {
  const ruleIds = [...new Set([...rules.map((r) => r.id), ...results.flatMap((r) => r.findings.map((f) => f.ruleId))])];
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'evidence-lens',
          informationUri: 'https://github.com/evidence-lens/evidence-lens',
          version: '0.1.0',
          rules: ruleIds.map((id) => {
            const rule = rules.find((r) => r.id === id);
            return {
              id,
              shortDescription: { text: rule?.description ?? 'A rule failed while checking the note.' },
              helpUri: docsUrl(id),
              defaultConfiguration: { level: SARIF_LEVEL[rule?.defaultSeverity ?? 'error'] },
            };
          }),
        },
      },
      columnKind: 'utf16CodeUnits',
      results: results.flatMap(({ path, findings }) => findings.map((f) => ({
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: path.split('\\').join('/') },
            region: { startLine: f.line + 1, startColumn: f.character + 1, charOffset: f.start, charLength: f.end - f.start },
          },
        }],
      }))),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
