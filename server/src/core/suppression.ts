import type { Nodes, Root } from 'mdast';
import type { Finding } from './types';
import type { LineIndex } from './positions';

/**
 * Inline suppression comments, read from the HTML nodes of the parsed note (so a comment inside a
 * code block is not a directive):
 *   <!-- evidence-lens-disable-next-line [rule-id …] -->  the next non-blank line
 *   <!-- evidence-lens-disable-line [rule-id …] -->       the line the comment is on
 *   <!-- evidence-lens-disable [rule-id …] --> … <!-- evidence-lens-enable [rule-id …] -->
 *   <!-- evidence-lens-disable-file [rule-id …] -->
 * No rule ids means every rule.
 */
export interface Directive {
  kind: 'disable-next-line' | 'disable-line' | 'disable' | 'enable' | 'disable-file';
  /** null = all rules. */
  rules: string[] | null;
  offset: number;
  /** The 0-based line the directive applies to (for the line forms). */
  line: number;
}

const DIRECTIVE = /<!--\s*evidence-lens-(disable-next-line|disable-line|disable-file|disable|enable)\b([^>]*?)-->/g;

/** False when the note holds no directive (then `readDirectives` finds none, and the tree need not be read). */
export function mayHaveDirectives(text: string): boolean {
  return text.includes('evidence-lens-');
}

export function readDirectives(text: string, tree: Root, lines: LineIndex): Directive[] {
  const out: Directive[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === 'html' && node.position) {
      const base = node.position.start.offset ?? 0;
      for (const m of node.value.matchAll(DIRECTIVE)) {
        const offset = base + (m.index ?? 0);
        const kind = m[1] as Directive['kind'];
        const ids = m[2].split(/[\s,]+/).filter(Boolean);
        const here = lines.positionAt(offset).line;
        let line = here;
        if (kind === 'disable-next-line') {
          const endLine = lines.positionAt(base + (m.index ?? 0) + m[0].length).line;
          line = endLine + 1;
          while (line < lines.lineCount() - 1 && !/\S/.test(lineText(text, lines, line))) line++;
        }
        out.push({ kind, rules: ids.length ? ids : null, offset, line });
      }
    }
    if ('children' in node) for (const child of node.children as Nodes[]) visit(child);
  };
  visit(tree);
  return out.sort((a, b) => a.offset - b.offset);
}

function lineText(text: string, lines: LineIndex, line: number): string {
  const start = lines.lineStart(line);
  const next = line + 1 < lines.lineCount() ? lines.lineStart(line + 1) : text.length;
  return text.slice(start, next);
}

const covers = (rules: string[] | null, id: string): boolean => rules === null || rules.includes(id);

/** True when a directive silences this finding. */
export function isSuppressed(finding: Finding, directives: Directive[]): boolean {
  let regionOff = false;
  for (const d of directives) {
    switch (d.kind) {
      case 'disable-file':
        if (covers(d.rules, finding.ruleId)) return true;
        break;
      case 'disable-line':
      case 'disable-next-line':
        if (d.line === finding.line && covers(d.rules, finding.ruleId)) return true;
        break;
      case 'disable':
        if (d.offset <= finding.start && covers(d.rules, finding.ruleId)) regionOff = true;
        break;
      case 'enable':
        if (d.offset <= finding.start && covers(d.rules, finding.ruleId)) regionOff = false;
        break;
    }
  }
  return regionOff;
}
