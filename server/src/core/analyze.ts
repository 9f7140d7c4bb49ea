import type { Root } from 'mdast';
import type {
  Analysis, ClaimAnalysis, ClaimProfile, Drug, Finding, FindingData, FindingDraft, Segment, SentenceInfo, Severity, Source, Statistic,
} from './types';
import { parseMarkdown } from './markdown/parse';
import { extractSegments } from './markdown/segments';
import { buildNoteStructure, type NoteModel } from './markdown/structure';
import { splitSentences } from './markdown/sentences';
import { profileClaim } from './claims/index';
import { classifyStatements } from './claims/statement';
import { findStatistics } from './statistics/index';
import { drugRecognizerFor, type DrugRecognizer } from './drugs/index';
import { analyzeEvidence } from './evidence/index';
import { rules as registry, INTERNAL_ERROR_ID } from './rules/index';
import { contextWith, type Rule, type RuleContext } from './rules/rule';
import type { Memo } from './memo';
import { checkLocalRules } from './rules/_locality';
import { CONFIDENCE_THRESHOLD, resolveSettings, type Settings } from './settings';
import { LineIndex } from './positions';
import { isSuppressed, mayHaveDirectives, readDirectives, type Directive } from './suppression';
import { AnalysisCache, collectSegments } from './incremental';
import { PlacedList, defineLazyList } from './placed';
import { AnalysisCancelled } from './cancel';

export interface AnalyzeOptions {
  /** Sources loaded by the adapters (BibTeX, CSL-JSON, sources folder, front matter files). */
  sources?: Source[];
  /** Errors met while loading sources, each pointing at the text that named the file. */
  sourceErrors?: unknown[];
  settings?: Partial<Settings>;
  /** Treat the text as plain prose, not Markdown (used by `analyze --lines` for corpora). */
  plainText?: boolean;
  /** Replacement recognisers (tests, experiments); each defaults to the built-in one. */
  stages?: Partial<Stages>;
  /** Rules to run (defaults to the registry); tests use this to isolate one rule. */
  rules?: readonly Rule[];
  /**
   * The note's incremental state (one per open note, kept across its versions): unchanged blocks
   * are neither re-parsed nor re-recognised. The analysis is the same with or without it.
   */
  cache?: AnalysisCache;
  /**
   * Parse the note in one piece instead of block by block (the reference the block-wise analysis
   * is tested against; slower: remark's time grows faster than the note on long notes).
   */
  wholeParse?: boolean;
  /**
   * Asked between stages (and between blocks): when it returns true the analysis stops and throws
   * `AnalysisCancelled` (a newer version of the note made it stale). The cache stays usable.
   */
  isCancelled?: () => boolean;
}

/** The recognisers the pipeline runs, as an injectable seam. */
export interface Stages {
  profileClaim: typeof profileClaim;
  findStatistics: typeof findStatistics;
  analyzeEvidence: typeof analyzeEvidence;
}

/** The analysis plus what the LSP layer needs to answer hovers, definitions and completions. */
export interface NoteAnalysis {
  analysis: Analysis;
  context: RuleContext;
  lines: LineIndex;
  tree: Root;
}

/** The pure entry point: a note (and its loaded sources) in, an Analysis out. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  return analyzeNote(text, options).analysis;
}

export function analyzeNote(text: string, options: AnalyzeOptions = {}): NoteAnalysis {
  const settings = resolveSettings(options.settings);
  const lines = new LineIndex(text);
  // A recogniser that throws loses its own output only: the failure becomes one internal-error
  // finding per stage and the rest of the analysis goes on.
  const failures = new Map<string, string>();
  const guarded = <T>(stage: string, fallback: T, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      if (!failures.has(stage)) failures.set(stage, error instanceof Error ? error.message : String(error));
      return fallback;
    }
  };
  const stages: Stages = { profileClaim, findStatistics, analyzeEvidence, ...options.stages };
  const checkpoint = (stage: string): void => {
    if (options.isCancelled?.()) throw new AnalysisCancelled(stage);
  };
  checkpoint('start');
  // The tree is read lazily: with the cache, most edits never need it assembled.
  let treeOf: () => Root;
  let structureOf: (() => ReturnType<typeof buildNoteStructure>) | undefined;
  let sentences: SentenceInfo[];
  let recognizer: DrugRecognizer | undefined;
  // The note's drugs and statistics: with the cache, each block's moved to its place only when read
  // (the diagnostics need those of the sentences judged again; the output, all).
  let drugs: PlacedList<Drug>;
  // The sentences as the analysis gives them, when the cache made them (re-using the last analysis's).
  let outputs: Analysis['sentences'] | undefined;
  let statistics: PlacedList<Statistic>;
  // Block by block even without a kept cache: parsing many small blocks is linear in the note,
  // one remark parse of a long note is not.
  const cache = options.plainText || options.wholeParse ? undefined : options.cache ?? new AnalysisCache(true);
  // What the document-level stages keep for the next version, when there will be one.
  const kept = cache === options.cache ? cache : undefined;
  if (cache) {
    // Block by block, re-using every block the edit left alone (same results as below).
    recognizer = guarded('drug recogniser', undefined, () => drugRecognizerOf(settings));
    const r = recognizer;
    const run = cache.run(text, {
      sentences: (t, blockTree, g, earlier) => {
        const { segments, blocks } = collectSegments(t, blockTree);
        const profile: typeof profileClaim = earlier
          ? (prose, at, context) => earlier(prose, at ?? 0, context?.block) ?? stages.profileClaim(prose, at, context)
          : stages.profileClaim;
        return { sentences: buildSentences(t, segments, g, profile, false), proseBlocks: blocks };
      },
      drugs: r ? (prose, start) => r.find(prose, start) : undefined,
      statistics: (prose, start) => stages.findStatistics(prose, start),
      identity: [r, stages.profileClaim, stages.findStatistics],
      isCancelled: options.isCancelled,
    }, guarded);
    ({ sentences, drugs, statistics, outputs } = run);
    treeOf = () => run.tree;
    structureOf = run.structure;
    // Statement kinds (which depend on the sentences around) are decided by the cache, block by block.
  } else {
    const tree = parseMarkdown(text);
    treeOf = () => tree;
    sentences = buildSentences(text, options.plainText ? plainSegments(text) : extractSegments(text, tree), guarded, stages.profileClaim);
    recognizer = guarded('drug recogniser', undefined, () => drugRecognizerOf(settings));
    const found = { drugs: [] as Drug[], statistics: [] as Statistic[] };
    for (const sentence of sentences) {
      if (recognizer) found.drugs.push(...guarded('drug recogniser', [], () => recognizer!.find(sentence.prose, sentence.start)));
      found.statistics.push(...guarded('statistics recogniser', [], () => stages.findStatistics(sentence.prose, sentence.start)));
    }
    drugs = PlacedList.of(found.drugs);
    statistics = PlacedList.of(found.statistics);
  }
  checkpoint('blocks');
  const structure = options.plainText ? undefined : guarded('note structure', undefined, () => (structureOf ? structureOf() : buildNoteStructure(text, treeOf())));

  const evidence = guarded('evidence linking', { claims: [], sources: options.sources ?? [], extras: {} }, () => stages.analyzeEvidence({
    text,
    sentences,
    sources: options.sources ?? [],
    settings,
    drugs,
    sourceErrors: options.sourceErrors ?? [],
    structure,
    memo: kept?.evidence,
  }));
  kept?.evidence.rotate();

  checkpoint('evidence');
  const context = {
    text,
    sentences,
    claims: evidence.claims as ClaimAnalysis[],
    sources: evidence.sources,
    settings,
    extras: { ...evidence.extras, sourceErrors: options.sourceErrors ?? [] },
  } as Omit<RuleContext, 'drugs' | 'statistics'> as RuleContext;
  defineLazyList(context, 'drugs', drugs);
  defineLazyList(context, 'statistics', statistics);
  // Not enumerable: the context's copies and its JSON are what they were (the lists).
  Object.defineProperty(context, 'placed', { value: { drugs, statistics }, enumerable: false, configurable: true, writable: true });
  if (structure) context.structure = noteModel(structure, evidence.extras);

  const findings = runRules(options.rules ?? registry, context, lines, kept?.rules);
  for (const [stage, message] of failures) {
    findings.push(toFinding(INTERNAL_ERROR_ID, 'internal', 'error', {
      start: 0,
      end: 0,
      message: `The ${stage} failed on this note, so its results are missing: ${message}`,
      data: { failedStage: stage },
    }, lines, text.length));
  }
  checkpoint('rules');
  const directives = mayHaveDirectives(text) ? readDirectives(text, treeOf(), lines) : [];
  const analysis: Analysis = {
    version: 1,
    sentences: outputs ?? sentences.map(({ text: t, start, end, claim }) => ({ text: t, start, end, claim })),
    claims: context.claims,
    drugs: [],
    statistics: [],
    sources: context.sources.map((s) => ({ id: s.id, title: s.title, year: s.year })),
    findings: postProcess(findings, directives, settings),
  };
  // Made when first read (by then the findings are out: see PlacedList), in their place among the keys.
  defineLazyList(analysis, 'drugs', drugs);
  defineLazyList(analysis, 'statistics', statistics);
  const note = { analysis, context, lines } as NoteAnalysis;
  // Not enumerable: a copy of the note (`{ ...note }`) does not assemble the tree.
  Object.defineProperty(note, 'tree', { get: treeOf, enumerable: false, configurable: true });
  return note;
}

/** The structure plus what the evidence stage read from it (reference list, quoted sources, main paper). */
function noteModel(structure: ReturnType<typeof buildNoteStructure>, extras: Record<string, unknown>): NoteModel {
  const list = Array.isArray(extras.referenceList) ? (extras.referenceList as NoteModel['referenceList']) : [];
  const quoted = Array.isArray(extras.quotedSources) ? (extras.quotedSources as NoteModel['quotedSources']) : [];
  return {
    ...structure,
    referenceList: list.map(({ number, start, end, sourceId }) => ({ number, start, end, sourceId })),
    quotedSources: quoted,
    mainPaper: typeof extras.mainPaper === 'string' ? extras.mainPaper : undefined,
  };
}

/** Plain text is one paragraph per line. */
function plainSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  let start = 0;
  let blockIndex = 0;
  for (const line of text.split('\n')) {
    if (/\S/.test(line)) segments.push({ text: line, start, end: start + line.length, block: 'paragraph', quoteDepth: 0, blockIndex: blockIndex++ });
    start += line.length + 1;
  }
  return segments;
}

/** Sentences of every prose segment, each profiled as a claim. */
export function buildSentences(
  text: string,
  segments: Segment[],
  guarded: <T>(stage: string, fallback: T, fn: () => T) => T = (_stage, _fallback, fn) => fn(),
  profile: typeof profileClaim = profileClaim,
  /** Classify statements here (false when the caller classifies the whole note's sentences later). */
  classify = true,
): SentenceInfo[] {
  const out: SentenceInfo[] = [];
  for (const segment of segments) {
    for (const span of splitSentences(segment)) {
      const sentenceText = text.slice(span.start, span.end);
      const prose = segment.text.slice(span.start - segment.start, span.end - segment.start);
      // Profiled on the prose (code, URLs and markup blanked, same offsets) so cues are real words.
      // Headings name a topic: the profiler keeps them out of the claims and says why.
      const claim = guarded('claim profiler', noProfile(), () => profile(prose, span.start, { block: segment.block }));
      if (segment.block === 'heading') claim.isClaim = false;
      const info: SentenceInfo = {
        text: sentenceText,
        start: span.start,
        end: span.end,
        claim,
        block: segment.block,
        quoteDepth: segment.quoteDepth,
        blockIndex: segment.blockIndex,
        prose,
      };
      const links = segment.links?.filter((l) => l.start < span.end && l.end > span.start);
      if (links?.length) info.links = links;
      if (segment.depth !== undefined) info.depth = segment.depth;
      out.push(info);
    }
  }
  // What kind of statement each sentence is depends on its neighbours (section, block), so it is
  // decided once all sentences are known.
  if (classify) guarded('statement classifier', undefined, () => classifyStatements(out));
  return out;
}

/**
 * The profile of a sentence the profiler failed on (and the bench's stand-in profiler's): a fresh
 * one each time, as the caller may change it. A plain literal: it is made for every sentence, and
 * V8 makes a spread that goes on (`{ ...base, cues: [] }`) about ten times slower.
 */
export const noProfile = (): ClaimProfile => ({ isClaim: false, relation: 'none', certainty: 'neutral', magnitude: 'neutral', outcome: 'unspecified', cues: [] });


/** Drug recognisers are costly to build: keep one per distinct user lexicon. */
function drugRecognizerOf(settings: Settings): DrugRecognizer {
  return drugRecognizerFor(settings.drugs);
}

/**
 * Runs each enabled rule; a rule that throws becomes one internal-error finding. `memo` is what the
 * rules kept from the note's earlier analyses (given to them as `context.memo`, kept out of the
 * context the caller holds).
 */
export function runRules(rules: readonly Rule[], ruleContext: RuleContext, lines: LineIndex, memo?: Memo): Finding[] {
  const context = memo ? contextWith(ruleContext, { memo }) : ruleContext;
  const findings: Finding[] = [];
  // The locally scoped rules, all in one pass over the sentences re-using unchanged sentences' drafts.
  const local = memo ? checkLocalRules(rules.filter((r) => r.scope && context.settings.rules[r.id] !== 'off'), context, memo) : undefined;
  // A draft kept from an earlier analysis (an unchanged sentence's, not moved) gets its finding back.
  const made = memo?.space<WeakMap<FindingDraft, Finding>>(FINDINGS);
  let byDraft = made?.peek(FINDINGS);
  if (made && !byDraft) made.set(FINDINGS, byDraft = new WeakMap());
  // A draft moved by an edit before it is a new draft sharing its data with the one it was moved
  // from (see shiftByPlan, unresolved-citation): its finding's data, made from that data alone, is shared too.
  const madeData = memo?.space<WeakMap<object, FindingData>>(FINDING_DATA);
  let dataOf = madeData?.peek(FINDING_DATA);
  if (madeData && !dataOf) madeData.set(FINDING_DATA, dataOf = new WeakMap());
  const length = context.text.length;
  /**
   * The rule's drafts as findings, the finding of a draft kept from an earlier analysis taken again.
   * (Shared across analyses: postProcess copies a finding before it changes anything of it.) A
   * function of its own, not the loop's body: it is optimised soon after a note opens.
   */
  const addFindings = (rule: Rule, drafts: readonly FindingDraft[]): void => {
    for (const draft of drafts) {
      const severity = draft.severity ?? rule.defaultSeverity;
      let finding = byDraft?.get(draft);
      if (!finding || !sameFinding(finding, rule, severity, draft, lines, length)) {
        finding = toFinding(rule.id, rule.category, severity, draft, lines, length, dataOf);
        byDraft?.set(draft, finding);
      }
      findings.push(finding);
    }
  };
  for (const rule of rules) {
    if (context.settings.rules[rule.id] === 'off') continue;
    let drafts: FindingDraft[];
    try {
      const kept = local?.get(rule);
      if (kept instanceof Error) throw kept;
      drafts = kept ?? rule.check(context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      findings.push(toFinding(INTERNAL_ERROR_ID, 'internal', 'error', {
        start: 0,
        end: 0,
        message: `Rule \`${rule.id}\` failed on this note and was skipped: ${message}`,
        data: { failedRule: rule.id },
      }, lines, length));
      continue;
    }
    addFindings(rule, drafts);
  }
  memo?.rotate();
  return findings;
}

/** Where runRules keeps each draft's finding, for the drafts that come again in the next analysis. */
const FINDINGS = 'runRules: findings by draft';
/** Where runRules keeps the findings' data by their drafts' data (see `toFinding`). */
const FINDING_DATA = 'runRules: finding data by draft data';

/**
 * Whether `finding` (made from `draft` by an earlier analysis) is what toFinding would make of it
 * now: the same rule and severity, the same clamped range, and its start at the same line and
 * character (the text before it may have changed without moving it). The message and data are the
 * draft's, which no one changes once a rule returned it.
 */
function sameFinding(finding: Finding, rule: Rule, severity: Severity, draft: FindingDraft, lines: LineIndex, length: number): boolean {
  if (finding.ruleId !== rule.id || finding.category !== rule.category || finding.severity !== severity) return false;
  const start = clamp(draft.start, 0, length);
  if (finding.start !== start || finding.end !== clamp(Math.max(draft.end, start), start, length)) return false;
  const { line, character } = lines.positionAt(start);
  return finding.line === line && finding.character === character;
}

/**
 * `dataOf`: the data of findings made before, by their drafts' data. A finding's data is made from
 * its draft's data alone, and neither is changed once made (postProcess copies a finding before it
 * adds to its data), so drafts sharing one data object share their findings' data.
 */
function toFinding(
  ruleId: string, category: Finding['category'], severity: Severity, draft: FindingDraft, lines: LineIndex, length: number,
  dataOf?: WeakMap<object, FindingData>,
): Finding {
  const start = clamp(draft.start, 0, length);
  const end = clamp(Math.max(draft.end, start), start, length);
  const { line, character } = lines.positionAt(start);
  const finding: Finding = { ruleId, category, severity, message: draft.message, start, end, line, character };
  let data = draft.data && dataOf?.get(draft.data);
  if (!data) {
    // Every finding carries a confidence; rules that recompute arithmetic are sure unless they say otherwise.
    const confidence = typeof draft.data?.confidence === 'number' ? draft.data.confidence : DEFAULT_CONFIDENCE;
    data = { ...(draft.data ?? {}), confidence };
    if (draft.data) dataOf?.set(draft.data, data);
  }
  finding.data = data;
  return finding;
}

/** The confidence of a finding whose rule gives none. */
export const DEFAULT_CONFIDENCE = 0.9;

/**
 * One problem, one finding: when two rules flag overlapping words for the same reason, the more
 * specific one (first of the pair) stays and carries the other as related information.
 * overstated-language is not merged into overstated-claim: it offers softer wording as a quick fix
 * on the word itself, which the sentence-level finding does not.
 */
const SAME_PROBLEM: [specific: string, general: string][] = [
  ['overstated-claim', 'causal-claim-without-design'],
  ['contradicted-claim', 'overstated-claim'],
  ['contradicted-claim', 'unsupported-claim'],
  ['absence-of-evidence', 'overstated-claim'],
];

function sameReason(specific: Finding, general: Finding): boolean {
  if (specific.ruleId === 'overstated-claim' && general.ruleId === 'causal-claim-without-design') {
    const reasons = (specific.data?.reasons ?? []) as string[];
    return !Array.isArray(reasons) || reasons.length === 0 || reasons.some((r) => /caus|design/.test(String(r)));
  }
  return true;
}

/**
 * The findings with each general finding that repeats a specific one's problem dropped, the
 * specific one then carrying it in `data.related`. The findings given are not changed (an earlier
 * analysis, or the rules' kept drafts, may hold them): a specific finding that gains related
 * information is a copy.
 */
function mergeSameProblem(findings: Finding[]): Finding[] {
  const dropped = new Set<Finding>();
  // The copies made so far, by the finding they replace.
  const merged = new Map<Finding, Finding>();
  // A finding covers at least one character when it overlaps another.
  const end = (f: Finding) => Math.max(f.end, f.start + 1);
  // The findings of each rule taking part, in note order of the findings (the rules' order), by index.
  const byRule = new Map<string, number[]>();
  for (const [specificId, generalId] of SAME_PROBLEM) {
    byRule.set(specificId, []);
    byRule.set(generalId, []);
  }
  for (let i = 0; i < findings.length; i++) byRule.get(findings[i].ruleId)?.push(i);
  for (const [specificId, generalId] of SAME_PROBLEM) {
    // The general findings by start, with the furthest end reached so far: each specific finding
    // finds the ones it overlaps by a binary search and a walk back, not a scan of all findings.
    const generals = byRule.get(generalId)!.map((i) => ({ f: findings[i], i })).sort((a, b) => a.f.start - b.f.start || a.i - b.i);
    if (!generals.length) continue;
    const reach: number[] = [];
    for (const { f } of generals) reach.push(Math.max(end(f), reach.length ? reach[reach.length - 1] : -Infinity));
    for (const i of byRule.get(specificId)!) {
      const original = findings[i];
      if (dropped.has(original)) continue;
      let lo = 0;
      let hi = generals.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (generals[mid].f.start < end(original)) lo = mid + 1;
        else hi = mid;
      }
      const overlapping: { f: Finding; i: number }[] = [];
      for (let j = lo - 1; j >= 0 && reach[j] > original.start; j--) if (end(generals[j].f) > original.start) overlapping.push(generals[j]);
      // In note order of the findings, as the rules gave them.
      overlapping.sort((a, b) => a.i - b.i);
      for (const { f: general } of overlapping) {
        const specific = merged.get(original) ?? original;
        if (dropped.has(general) || !sameReason(specific, general)) continue;
        dropped.add(general);
        const related = [...(specific.data?.related ?? []), { start: general.start, end: general.end, message: `also ${general.ruleId}: ${general.message}` }];
        const copy = specific === original ? Object.assign({}, original) : specific;
        copy.data = { ...(specific.data ?? {}), related };
        merged.set(original, copy);
      }
    }
  }
  if (!dropped.size && !merged.size) return findings;
  const out: Finding[] = [];
  for (const f of findings) if (!dropped.has(f)) out.push(merged.get(f) ?? f);
  return out;
}

/** Suppression comments, severity overrides, confidence, sorting and de-duplication, after all rules ran. */
export function postProcess(findings: Finding[], directives: Directive[], settings: Settings): Finding[] {
  // The findings kept so far, by start: a finding is a duplicate of one with the same rule, range and
  // message. One finding at a start is held as it is, a list made only when a second comes (a note
  // of a few hundred thousand citations made as many one-item lists).
  const seen = new Map<number, Finding | Finding[]>();
  const out: Finding[] = [];
  const threshold = CONFIDENCE_THRESHOLD[settings.strictness] ?? CONFIDENCE_THRESHOLD.balanced;
  for (const finding of mergeSameProblem(findings)) {
    if (directives.length && isSuppressed(finding, directives)) continue;
    const override = settings.rules[finding.ruleId];
    if (override === 'off') continue;
    let final = override ? { ...finding, severity: override } : finding;
    // Below the strictness threshold a finding is only a hint: shown in the text, not listed.
    const confidence = final.data?.confidence;
    if (typeof confidence === 'number' && confidence < threshold && final.severity !== 'hint' && final.ruleId !== INTERNAL_ERROR_ID) {
      final = { ...final, severity: 'hint' };
    }
    const atStart = seen.get(final.start);
    if (!atStart) seen.set(final.start, final);
    else if (Array.isArray(atStart) ? atStart.some((f) => sameProblem(f, final)) : sameProblem(atStart, final)) continue;
    else if (Array.isArray(atStart)) atStart.push(final);
    else seen.set(final.start, [atStart, final]);
    out.push(final);
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
}

/** Two findings at one start with the same end, rule and message (see postProcess). */
function sameProblem(a: Finding, b: Finding): boolean {
  return a.end === b.end && a.ruleId === b.ruleId && a.message === b.message;
}

function clamp(value: number, lo: number, hi: number): number {
  return Number.isFinite(value) ? Math.max(lo, Math.min(hi, value)) : lo;
}
