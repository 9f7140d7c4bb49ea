import type {
  Category, ClaimAnalysis, Drug, FindingDraft, SentenceInfo, Severity, Source, Statistic,
} from '../types';
import type { Settings } from '../settings';
import type { NoteModel } from '../markdown/structure';
import type { Memo } from '../memo';
import type { ContextScope } from './_locality';
import type { PlacedList } from '../placed';

/** Everything a rule may look at. Built once per analysis; rules must not mutate it. */
export interface RuleContext {
  /** The whole note, exactly as the editor holds it. */
  text: string;
  /** Sentences in document order, each with its claim profile. */
  sentences: SentenceInfo[];
  drugs: Drug[];
  statistics: Statistic[];
  /**
   * The same drugs and statistics block by block, each block's moved to its place only when read:
   * a rule that needs few of them asks for those (`within`, `each`), and the lists above, made
   * whole when first read, are not made on the keystroke's path. Absent: read the lists.
   */
  placed?: { drugs: PlacedList<Drug>; statistics: PlacedList<Statistic> };
  /** Claims with their links, evidence and verdicts (see evidence/). */
  claims: ClaimAnalysis[];
  sources: Source[];
  settings: Settings;
  /** Extra per-analysis data produced by recognisers (citations, source load errors…). */
  extras: Record<string, unknown>;
  /**
   * The note's structure: sections (heading + range), blocks (paragraph scope), links, reference
   * list, quoted sources, main paper. Absent for plain-text input. See markdown/structure.ts.
   */
  structure?: NoteModel;
  /**
   * Values the rules computed on earlier versions of this note, for work that is costly and
   * depends on little (a sentence's words). Absent when nothing is kept across analyses.
   */
  memo?: Memo;
}

/**
 * A copy of `ctx` with `fields` in place of its own. Not a spread: a spread reads every property,
 * and the context's drugs and statistics are made whole when first read (see `placed`).
 */
export function contextWith(ctx: RuleContext, fields: Partial<RuleContext>): RuleContext {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(ctx)) as RuleContext;
  for (const [key, value] of Object.entries(fields)) Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** Documentation carried by the rule itself; docs/rules/<id>.md expands on it. */
export interface RuleDocs {
  /** A note that triggers the rule. */
  bad: string;
  /** The same note, fixed. */
  good: string;
}

/** One lint rule: one file under rules/, listed once in rules/index.ts. */
export interface Rule {
  id: string;
  description: string;
  category: Category;
  defaultSeverity: Severity;
  docs: RuleDocs;
  /**
   * What one finding of the rule depends on. 'sentence': the sentence alone (its text, prose,
   * block, quote depth and claim profile with its statement kind). 'statistics': each sentence's statistics judged on
   * their own (the sentence's text and prose and the statistics in it; nothing across sentences,
   * no settings or sources), so unchanged sentences keep their drafts across edits (see
   * rules/_locality.ts). 'context': sentence by sentence, reading around the sentence as `context`
   * says (what it takes from the sentence alone is kept across edits). Absent: the whole note,
   * checked in full on every analysis.
   */
  scope?: 'statistics' | 'sentence' | 'context';
  /** For scope 'context': the rule's per-sentence judgement (its `check` is `checkInContext` of it). */
  context?: ContextScope<any, any>;
  check(ctx: RuleContext): FindingDraft[];
}

/** Where each rule's page lives; used as the diagnostic's codeDescription.href. */
export const DOCS_BASE_URL = 'https://github.com/evidence-lens/evidence-lens/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
