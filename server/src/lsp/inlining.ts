/**
 * V8's inlining budget for the language server's process, its analysis worker included (V8's flags
 * are the process's): on V8 before 12 (Node 20's 11.3), the optimising compiler inlines at most
 * `INLINING_BUDGET` bytes of bytecode into a function instead of 920.
 *
 * Why: right after a note opens, its first keystrokes run the incremental analysis on code V8 has
 * not optimised yet. The functions that run once per analysis are large (citation linking, the
 * evidence stage, the block cache's run), and with V8's own budget their optimised compiles took
 * 150–740 ms each on a 2-core machine, so the first 15–25 keystrokes of the bench note ran without
 * them. With a budget of 100 the two largest took about half as long (linkCitations 388 ms against
 * 736, the evidence stage 220 against 406). Measured on Node 20 over the protocol (the bench's 30
 * edits of its 100 KB note, five runs each, interleaved, 2026-12-03), debounce excluded: right
 * after opening, p50 41 ms against 60 and p95 92 against 105; 3 s after opening, p50 28 against 29
 * and p95 62 against 70 (later keystrokes the same within the noise; in process, six runs each,
 * 35 ms against 33).
 *
 * Not on V8 12 and later (Node 22, Node 24, VS Code's Electron), where a second optimising tier
 * (Maglev) is ready much sooner. In process (the same edits, five runs each, p50): on Node 24 the
 * first keystrokes were no faster (25 ms against 26) and later ones slower (26 against 21); on
 * Node 22 the first were faster (32 against 39) and later ones slower (32 against 30).
 *
 * `EVIDENCE_LENS_INLINING_BUDGET`: `off` leaves V8's own budget on any V8; a whole number of bytes
 * sets that budget on any V8 (to measure one against the other). Any other value is an error the
 * server logs, and V8's own budget stays.
 */
import { setFlagsFromString } from 'node:v8';

/** Bytes of bytecode the optimising compiler may inline into one function (V8's own: 920). */
export const INLINING_BUDGET = 100;
/** The environment variable that overrides the choice (see the top). */
export const INLINING_VARIABLE = 'EVIDENCE_LENS_INLINING_BUDGET';
/** The first V8 major version with Maglev on by default, where the budget is left as it is. */
const MAGLEV_V8_MAJOR = 12;

/** The budget to set, or why none is. */
export type InliningChoice = { budget: number } | { budget: undefined; reason: string; error?: true };

/** The budget for a process on V8 `v8Version` (`process.versions.v8`) with `given` as the variable's value. */
export function inliningBudget(v8Version: string, given: string | undefined): InliningChoice {
  const value = given?.trim();
  if (value === 'off') return { budget: undefined, reason: `${INLINING_VARIABLE}=off` };
  if (value !== undefined && value !== '') {
    if (/^\d{1,6}$/.test(value)) return { budget: Number(value) };
    return { budget: undefined, reason: `${INLINING_VARIABLE}=${JSON.stringify(given)} is neither \`off\` nor a whole number of bytes: V8's own inlining budget is kept`, error: true };
  }
  const major = Number(/^(\d+)\./.exec(v8Version)?.[1]);
  if (!Number.isInteger(major)) return { budget: undefined, reason: `V8 ${v8Version}: version not understood` };
  if (major >= MAGLEV_V8_MAJOR) return { budget: undefined, reason: `V8 ${v8Version} has Maglev` };
  return { budget: INLINING_BUDGET };
}

/**
 * Sets the budget for this process (see the top), before the analysis worker starts: call it first
 * thing in the server's entry. Returns what was chosen.
 */
export function setInliningBudget(env: NodeJS.ProcessEnv = process.env): InliningChoice {
  const choice = inliningBudget(process.versions.v8, env[INLINING_VARIABLE]);
  if (choice.budget !== undefined) setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${choice.budget}`);
  return choice;
}

/** The server's log line for a budget it set. */
export function describeBudget(budget: number, v8Version = process.versions.v8): string {
  return `V8 ${v8Version}: the optimising compiler's inlining budget is ${budget} bytes of bytecode (${INLINING_VARIABLE}=off keeps V8's own)`;
}
