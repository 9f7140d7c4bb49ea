/**
 * Limits for YAML read from notes (front matter) and config files. The `yaml` package composes
 * nested collections recursively, so thousands of nested `[`/`{` overflow the stack (and can take
 * the process down); aliases can expand exponentially ("billion laughs").
 */

/** Deepest nesting of collections accepted (flow brackets or block indentation levels). */
export const MAX_YAML_DEPTH = 64;
/** Most alias expansions accepted (the `yaml` package's `maxAliasCount`). */
export const MAX_YAML_ALIASES = 100;
/** Options for `yaml`'s parse/parseDocument/toJS that bound alias expansion. */
export const YAML_LIMITS = { maxAliasCount: MAX_YAML_ALIASES } as const;

/**
 * Why a YAML text is too deeply nested to parse safely, or undefined when it is not. One linear
 * scan: flow brackets outside quotes and comments, and indentation as a proxy for block nesting.
 */
export function yamlNestingProblem(text: string): string | undefined {
  let depth = 0;
  let quote = '';
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      if (quote === "'" || quote === '"') continue;
      continue;
    }
    if (lineStart) {
      if (c === ' ') {
        if (++indent > 2 * MAX_YAML_DEPTH) return `indented more than ${2 * MAX_YAML_DEPTH} columns`;
        continue;
      }
      lineStart = false;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end - 1;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_YAML_DEPTH) return `collections nested more than ${MAX_YAML_DEPTH} deep`;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}
