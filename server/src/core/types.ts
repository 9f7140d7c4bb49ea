/**
 * Shared shapes of the pure core. The ones marked "contract" follow DESIGN.md and are relied on
 * by the CLI's JSON output and by users' scripts: change them only additively.
 * All offsets are UTF-16 code-unit offsets into the analysed text, end exclusive.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';
export type Category = 'statistics' | 'drugs' | 'claims' | 'evidence' | 'citations' | 'internal';

/** A half-open range [start, end) of UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

/** A quick fix a rule offers: replace [start, end) with `newText`. */
export interface Fix {
  title: string;
  start: number;
  end: number;
  newText: string;
}

/** Contract: one thing the checker says about a note. */
export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  /** 0-based line of `start`. */
  line: number;
  /** 0-based UTF-16 character of `start` within its line. */
  character: number;
  data?: FindingData;
}

/** Extra, optional detail on a finding; every field is optional and JSON-serialisable. */
export interface FindingData {
  fixes?: Fix[];
  /** A second location that explains the finding (e.g. the evidence sentence inside the note). */
  related?: { start: number; end: number; message: string }[];
  /** Longer markdown explanation shown on hover. */
  explanation?: string;
  [key: string]: unknown;
}

/** What a rule returns; the framework fills ruleId, category, line and character. */
export interface FindingDraft {
  start: number;
  end: number;
  message: string;
  /** Overrides the rule's default severity for this one finding. */
  severity?: Severity;
  data?: FindingData;
}

export type CueKind =
  | 'claim'
  | 'not-claim'
  | 'relation'
  | 'hedge'
  | 'booster'
  | 'partial'
  | 'absolute'
  | 'hype'
  | 'clinical'
  | 'surrogate'
  | 'negation'
  | 'population'
  | string;

/** Contract: a word or phrase that decided a field of the claim profile. */
export interface Cue {
  text: string;
  start: number;
  end: number;
  kind: CueKind;
}

export type Relation = 'none' | 'correlational' | 'conditional-causal' | 'causal';
export type Certainty = 'hedged' | 'neutral' | 'boosted';
export type Magnitude = 'partial' | 'neutral' | 'absolute';
export type Outcome = 'clinical' | 'surrogate' | 'unspecified';

/** Contract: the strength profile every sentence gets. */
export interface ClaimProfile {
  isClaim: boolean;
  relation: Relation;
  certainty: Certainty;
  magnitude: Magnitude;
  outcome: Outcome;
  cues: Cue[];
  /** The main relation is negated ("did not reduce"). Additive field. */
  negated?: boolean;
  /** Hype wording present ("game changer", "breakthrough"). Additive field. */
  hype?: boolean;
  /**
   * What kind of statement the sentence is, decided from its words and its place in the note
   * (block, section, voice). Only `finding` needs evidence. Additive field.
   */
  statement?: StatementKind;
  /** The words or structure that decided `statement` ("heading", "section: Methods", "I think"). Additive field. */
  statementCue?: string;
}

/**
 * finding: a specific empirical result (an effect or association on an outcome, a study's result,
 * a reported number); background: textbook knowledge or mechanism stated generally; definition;
 * method: how a study was done; opinion and own-analysis: the writer's view or computation;
 * question; hypothetical (a supposition or worked illustration); navigation (headings, link
 * lists, tables of contents); caption (figure/axis text); reference (a reference-list entry);
 * quote (the words of someone else); table (a table cell); other: no claim at all.
 */
export type StatementKind =
  | 'finding' | 'background' | 'definition' | 'method' | 'opinion' | 'own-analysis' | 'question'
  | 'hypothetical' | 'navigation' | 'caption' | 'reference' | 'quote' | 'table' | 'other';

/** Contract: a drug mention. */
export interface Drug {
  text: string;
  start: number;
  end: number;
  generic: string;
  brand?: string;
  class?: string;
  origin: 'lexicon' | 'stem' | 'user';
}

/** Contract: a statistical result. */
export interface Statistic {
  kind: 'p' | 'ci' | 'test' | 'effect' | 'n' | 'percent' | 'duration' | string;
  text: string;
  start: number;
  end: number;
  value?: number;
  lower?: number;
  upper?: number;
  level?: number;
  comparator?: '=' | '<' | '>' | '<=' | '>=';
  test?: 't' | 'F' | 'chi2' | 'z' | 'r';
  df?: number[];
  measure?: string;
  unit?: string;
  [key: string]: unknown;
}

/** A Markdown block kind a sentence came from. */
export type BlockKind = 'paragraph' | 'heading' | 'listItem' | 'tableCell' | 'blockquote';

/** A unit of prose: text from one block with a map back into the original offsets. */
export interface Segment {
  /** The prose with skipped parts (code, URLs, HTML…) replaced by spaces of equal length. */
  text: string;
  start: number;
  end: number;
  block: BlockKind;
  /** Depth of blockquote nesting (0 = not quoted). */
  quoteDepth: number;
  /** Index of the block (paragraph, heading…) in document order; sentences of one block share it. */
  blockIndex: number;
  /** Links in the block (from the parsed tree): the linked text's range and its destination. */
  links?: { start: number; end: number; url: string }[];
  /** Heading depth when `block` is heading. */
  depth?: number;
}

/** Contract: a sentence in the Analysis. `text` is exactly the slice [start, end). */
export interface Sentence {
  text: string;
  start: number;
  end: number;
  claim: ClaimProfile;
}

/** A sentence as the pipeline sees it internally, with its origin. */
export interface SentenceInfo extends Sentence {
  block: BlockKind;
  quoteDepth: number;
  blockIndex: number;
  /** The sentence text with skipped parts blanked out (same length as `text`). */
  prose: string;
  /** Links inside the sentence (from the parsed tree). */
  links?: { start: number; end: number; url: string }[];
  /** Index (into the sentences) of the heading of the section the sentence is in, -1 before any. */
  section?: number;
  /** Heading depth when `block` is heading. */
  depth?: number;
}

/** A source of evidence: a paper, an abstract, a quoted passage. */
export interface Source {
  id: string;
  title?: string;
  authors?: string[];
  year?: number;
  journal?: string;
  doi?: string;
  pmid?: string;
  url?: string;
  text: string;
  /** Where the source was defined (file path or "note"), for go-to-definition. */
  origin?: { file?: string; start?: number; end?: number; line?: number };
  /** PubMed publication types ("Randomized Controlled Trial"…), when known. Additive field. */
  publicationTypes?: string[];
  /** MeSH descriptor names ("Humans", "Animals"…), when known. Additive field. */
  mesh?: string[];
  /** The paper was retracted (PubMed's "Retracted Publication"). Additive field. */
  retracted?: boolean;
  [key: string]: unknown;
}

export interface EvidenceSentence {
  source: string;
  text: string;
  score: number;
  [key: string]: unknown;
}

export type Verdict = 'supported' | 'overstated' | 'understated' | 'contradicted' | 'unsupported' | 'unverifiable';

export type OverstatedReason =
  | 'certainty'
  | 'causality'
  | 'magnitude'
  | 'surrogate-to-clinical'
  | 'population'
  | 'study-design'
  | 'number-mismatch';

/** Contract: a claim with its links, evidence and verdict. */
export interface ClaimAnalysis {
  sentence: number;
  citations: string[];
  evidence: EvidenceSentence[];
  verdict: Verdict;
  reasons: string[];
  [key: string]: unknown;
}

/** Contract: the full analysis of one note. */
export interface Analysis {
  version: 1;
  sentences: Sentence[];
  claims: ClaimAnalysis[];
  drugs: Drug[];
  statistics: Statistic[];
  sources: { id: string; title?: string; year?: number }[];
  findings: Finding[];
}
