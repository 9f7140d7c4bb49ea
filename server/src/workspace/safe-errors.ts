/**
 * Parse errors of files a note names, told without the file's bytes.
 *
 * Parsers quote what they could not read ("Unexpected token 'A', "API_KEY=…" is not valid JSON",
 * a YAML code frame, a BibTeX entry's text); a finding, a SARIF log or an editor warning that repeats
 * that publishes the file. So every message from a parser is replaced by a reason from a fixed list,
 * with the line and column where the problem is.
 */
import type { SourceLoadError } from '../core/evidence/sources';
import { LineIndex } from '../core/positions';

/** Messages our own parsers build from numbers only: kept as they are. */
const SAFE_MESSAGES = [
  /^CSL-JSON must be an array of items$/,
  /^CSL item \d+ is not an object$/,
  /^CSL item \d+ has no `id`$/,
  /^CSL item \d+ has an author that is not a name$/,
  /^the file could not be parsed$/,
  /^a `@string` macro expands to more than [\d,]+ characters$/,
];

/** A fixed reason for a parser's message. */
export function safeReason(message: string, format: string): string {
  if (SAFE_MESSAGES.some((re) => re.test(message))) return message;
  if (/^malformed BibTeX entry/.test(message)) return 'malformed BibTeX entry';
  if (/^bad YAML/.test(message)) return 'not valid YAML';
  if (/^invalid CSL-JSON/.test(message)) return 'not valid JSON';
  return `not valid ${format}`;
}

/** The format a file is parsed as, by extension (for messages). */
export function formatOf(file: string): string {
  const ext = file.toLowerCase().replace(/^.*\./, '.');
  if (ext === '.json' || ext === '.csljson') return 'CSL-JSON';
  if (ext === '.yaml' || ext === '.yml' || ext === '.md' || ext === '.markdown') return 'YAML';
  return 'BibTeX';
}

/** `line L, column C` (1-based) or `line L`, for a message. */
export function where(line?: number, column?: number): string {
  if (typeof line !== 'number') return '';
  return typeof column === 'number' ? `line ${line + 1}, column ${column + 1}` : `line ${line + 1}`;
}

/**
 * Load errors with safe messages: `reason` only, plus line/column fields; for JSON the position of
 * the first syntax error is found by our own scan (Node's message has the text, not the place).
 */
export function sanitizeErrors(errors: SourceLoadError[], text: string, file: string): SourceLoadError[] {
  const format = formatOf(file);
  let lines: LineIndex | undefined;
  return errors.map((e) => {
    const reason = safeReason(e.message, format);
    const out: SourceLoadError = { file: e.file ?? file, message: reason };
    if (typeof e.start === 'number') out.start = e.start;
    if (typeof e.end === 'number') out.end = e.end;
    if (reason === 'not valid JSON') {
      const at = jsonErrorOffset(text);
      if (at >= 0) {
        lines ??= new LineIndex(text);
        const p = lines.positionAt(at);
        out.line = p.line;
        out.column = p.character;
      }
    } else if (typeof e.line === 'number') out.line = e.line;
    return out;
  });
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/**
 * The offset of the first JSON syntax error in `text`, or -1 when it parses. An iterative scan
 * (no recursion, so deep nesting cannot overflow the stack) that only locates, never builds values.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const stack: string[] = [];
  const ws = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  const match = (re: RegExp): boolean => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  // mode: 'value' expects a value; 'after' expects , or a closer (or the end); 'key' expects a key.
  let mode: 'value' | 'after' | 'key' = 'value';
  for (;;) {
    ws();
    if (mode === 'value') {
      const c = text[i];
      if (c === '{') {
        i++;
        ws();
        if (text[i] === '}') {
          i++;
          mode = 'after';
        } else {
          stack.push('}');
          mode = 'key';
        }
      } else if (c === '[') {
        i++;
        ws();
        if (text[i] === ']') {
          i++;
          mode = 'after';
        } else stack.push(']');
      } else if (c === '"') {
        const start = i;
        if (!string()) return i < n ? i : start;
        mode = 'after';
      } else if (match(NUMBER) || match(LITERAL)) mode = 'after';
      else return i;
    } else if (mode === 'key') {
      const start = i;
      if (!string()) return i < n ? i : start;
      ws();
      if (text[i] !== ':') return i;
      i++;
      mode = 'value';
    } else {
      if (stack.length === 0) return i < n ? i : -1;
      const c = text[i];
      if (c === ',') {
        i++;
        mode = stack[stack.length - 1] === '}' ? 'key' : 'value';
      } else if (c === stack[stack.length - 1]) {
        i++;
        stack.pop();
      } else return i;
    }
  }
}
