/**
 * What kind of statement a sentence is, decided from its words and its place in the note. Only a
 * specific empirical finding (an effect or association on an outcome, a study's result, a reported
 * number) needs evidence; background and mechanism, definitions, methods, the writer's own opinion
 * or computation, questions, hypotheticals, headings, link lists, captions, reference entries,
 * quotations and table cells do not. Each decision keeps the cue that made it (`statementCue`).
 *
 * The order of the tests is the order of precedence: structure first (block, section), then voice
 * (question, supposition, first person), then the sentence's own wording.
 */
import type { SentenceInfo, StatementKind } from '../types';
import data from './data/statements.json';

interface Entry { term: string; cat: string; provenance: string }

const BY_CAT = new Map<string, string[]>();
for (const e of (data as { entries: Entry[] }).entries) {
  const list = BY_CAT.get(e.cat);
  if (list) list.push(e.term); else BY_CAT.set(e.cat, [e.term]);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A whole-word, case-insensitive alternation of a category's terms, longest first. */
function words(cat: string, anchored = false): RegExp {
  const terms = [...(BY_CAT.get(cat) ?? [])].sort((a, b) => b.length - a.length).map(escape);
  return new RegExp(`${anchored ? '^\\s*' : '(?<![\\w\'’-])'}(?:${terms.join('|')})(?![\\w-])`, 'i');
}

const SECTION_METHOD = BY_CAT.get('section-method') ?? [];
const SECTION_REFERENCE = BY_CAT.get('section-reference') ?? [];
const SECTION_BACKGROUND = BY_CAT.get('section-background') ?? [];
const OPINION = words('opinion');
const OWN_ANALYSIS = words('own-analysis');
/** The pronoun "I" before a lower-case word, not the numeral ("type I", "phase I", "angiotensin I"), and "my". */
const FIRST_PERSON = /(?<!(?:type|phase|class|grade|stage|level|tier|group|angiotensin|factor|category|part|step|schedule|complex|kind)\s)(?<![\w-])I(?=\s+[a-z])|(?<![\w-])[Mm]y(?=\s)/;
const HYPOTHETICAL = words('hypothetical', true);
const CAPTION = new RegExp(`^\\s*(?:${[...(BY_CAT.get('caption') ?? [])].sort((a, b) => b.length - a.length).map(escape).join('|')})(?:\\s*[A-Z]?\\d+[a-z]?)?(?=[\\s.:,)\\-–—]|$)`, 'i');
const NAVIGATION_LABEL = new RegExp(`^\\s*(?:${[...(BY_CAT.get('navigation') ?? [])].sort((a, b) => b.length - a.length).map(escape).join('|')})\\s*:`, 'i');
const DEFINITION = words('definition');
const METHOD = words('method');
const EVIDENCE_NOUN = words('evidence-noun');
const EVIDENCE_QUANTIFIER = words('evidence-quantifier', true);
const REPORTING = words('reporting');
const ATTRIBUTION = words('attribution');

/** Normalised heading text: lower case, no numbering, markup or trailing punctuation. */
function headingKey(text: string): string {
  return text.toLowerCase().replace(/[#*_`[\]()]/g, ' ').replace(/^\s*(?:\d+(?:\.\d+)*|[ivx]+)[.)]?\s+/, '').replace(/[:.?!]+\s*$/, '').replace(/\s+/g, ' ').trim();
}

type SectionKind = 'method' | 'reference' | 'background' | undefined;
/** Section kinds by heading text: every sentence asks about each heading above it. */
const sectionKinds = new Map<string, SectionKind>();

function sectionKind(heading: string): SectionKind {
  if (sectionKinds.has(heading)) return sectionKinds.get(heading);
  if (sectionKinds.size >= 10_000) sectionKinds.clear();
  const kind = sectionKindOf(heading);
  sectionKinds.set(heading, kind);
  return kind;
}

function sectionKindOf(heading: string): SectionKind {
  const key = headingKey(heading);
  const is = (list: string[]) => list.some((t) => key === t || key.startsWith(`${t} `) || key.endsWith(` ${t}`));
  if (is(SECTION_REFERENCE)) return 'reference';
  if (is(SECTION_METHOD)) return 'method';
  if (is(SECTION_BACKGROUND)) return 'background';
  return undefined;
}

/** A reference-list entry: a year with authors ("et al."), a DOI/PMID, or a journal volume(issue):pages. */
function looksLikeReference(text: string): boolean {
  const year = /\b(?:19|20)\d{2}[a-z]?\b/.test(text);
  if (!year) return false;
  return /\bet al\b/i.test(text) && /[.;]\s*\S/.test(text) && !/\b(?:showed|found|reduced|increased)\b/i.test(text)
    || /\b(?:doi|pmid|pmcid)\b/i.test(text)
    || /\b\d{1,4}\s*\(\d{1,4}\)\s*:\s*\d/.test(text)
    || /\b(?:19|20)\d{2}\s*;\s*\d/.test(text);
}

/** Title case: most longer words capitalised, as in a paper's title used as a heading or entry. */
function isTitleCase(prose: string): boolean {
  const ws = prose.match(/[A-Za-z][A-Za-z'’-]{3,}/g) ?? [];
  if (ws.length < 4) return false;
  const caps = ws.filter((w) => /^[A-Z]/.test(w)).length;
  return caps / ws.length >= 0.75 && !/[.!?]\s+[A-Z]/.test(prose.trim());
}

/** Share of the sentence's visible words that sit inside links. */
function linkShare(s: SentenceInfo): number {
  if (!s.links?.length) return 0;
  const visible = s.prose.replace(/[^A-Za-z0-9]+/g, '').length;
  if (visible === 0) return 1;
  let linked = 0;
  for (const l of s.links) {
    const from = Math.max(l.start, s.start) - s.start;
    const to = Math.min(l.end, s.end) - s.start;
    linked += s.prose.slice(from, to).replace(/[^A-Za-z0-9]+/g, '').length;
  }
  return linked / visible;
}

/** A statement that appeals to unnamed evidence: "studies have shown", "a recent trial found". */
export function appealsToUnnamedEvidence(prose: string): string | undefined {
  const text = prose.replace(/^\s*(?:[-*+]|\d+[.)])?\s*(?:lastly|also|moreover|furthermore|however|indeed|in fact|importantly|notably|but|and|so|yet)?,?\s*(?:(?:despite the fact|given|even though|although|though|while|whereas|since)\s+(?:that\s+)?)?/i, '');
  const q = EVIDENCE_QUANTIFIER.exec(text);
  if (!q) return undefined;
  const rest = text.slice(q.index + q[0].length, q.index + q[0].length + 120);
  const noun = EVIDENCE_NOUN.exec(`${q[0]}${rest}`);
  if (!noun || noun.index > 60) return undefined;
  const after = `${q[0]}${rest}`.slice(noun.index + noun[0].length);
  const verb = REPORTING.exec(after);
  if (!verb || verb.index > 70) return undefined;
  // The name of a study, an author or a year in between names the source ("a 2019 study by Smith").
  const between = after.slice(0, verb.index);
  if (/\b(?:19|20)\d{2}\b|\bby [A-Z]|\bet al\b|\(\s*[A-Z]/.test(between)) return undefined;
  return text.slice(q.index, q.index + noun.index + noun[0].length + verb.index + verb[0].length).replace(/\s+/g, ' ').trim();
}

/**
 * Decisions of earlier versions of a note, by section headings (joined; empty for a heading) and
 * sentence prose: each with everything else `decide` read (the sentence's block, quote depth and
 * links, offsets made sentence-relative; the previous sentence's kind). The claim profile `decide`
 * reads is made from the prose and block (see buildSentences), so it is named by them.
 */
export type StatementMemo = Map<string, Map<string, MemoEntry[]>>;

interface MemoEntry {
  block: string;
  quoteDepth: number;
  previous: StatementKind | undefined;
  start: number;
  links: SentenceInfo['links'];
  decision: [StatementKind, string];
}

/**
 * Sets `claim.statement` and `claim.statementCue` on every sentence, and `section` on each. With a
 * memo (kept across the versions of one note), a sentence whose inputs are unchanged takes its
 * earlier decision; the memo is refilled with this note's decisions only.
 */
export function classifyStatements(sentences: SentenceInfo[], memo?: StatementMemo): void {
  // The chain of open headings (by depth) gives each sentence its section(s).
  const open: { depth: number; index: number }[] = [];
  const used: StatementMemo | undefined = memo ? new Map() : undefined;
  let chainKey: string | undefined;
  let inChain: [used: Map<string, MemoEntry[]>, old: Map<string, MemoEntry[]> | undefined] | undefined;
  const byChain = (key: string): NonNullable<typeof inChain> => {
    let u = used!.get(key);
    if (!u) used!.set(key, u = new Map());
    return [u, memo!.get(key)];
  };
  sentences.forEach((s, i) => {
    if (s.block === 'heading') {
      const depth = s.depth ?? 1;
      while (open.length && open[open.length - 1].depth >= depth) open.pop();
      s.section = open.length ? open[open.length - 1].index : -1;
      open.push({ depth, index: i });
      chainKey = undefined;
    } else {
      s.section = open.length ? open[open.length - 1].index : -1;
    }
    const sections = s.block === 'heading' ? open.slice(0, -1) : open;
    const previous = i > 0 && sentences[i - 1].section === s.section ? sentences[i - 1].claim.statement : undefined;
    let decision: [StatementKind, string] | undefined;
    let entry: MemoEntry | undefined;
    if (used) {
      // A heading is decided on its own words; every other sentence on its section chain too.
      if (s.block !== 'heading' && chainKey === undefined) {
        chainKey = sections.map((h) => sentences[h.index].prose).join('\u0001');
        inChain = byChain(chainKey);
      }
      const [u, old] = s.block === 'heading' ? byChain('') : inChain!;
      entry = { block: s.block, quoteDepth: s.quoteDepth, previous, start: s.start, links: s.links, decision: undefined as unknown as [StatementKind, string] };
      const list = u.get(s.prose);
      // A repeated sentence (table cells, a list) with the same inputs shares one entry.
      const same = find(list, entry);
      if (same) {
        decision = same.decision;
        entry = undefined;
      } else {
        decision = find(old?.get(s.prose), entry)?.decision;
        if (list) list.push(entry); else u.set(s.prose, [entry]);
      }
    }
    if (!decision) decision = decide(s, sections.map((h) => sentences[h.index].prose), previous);
    if (entry) entry.decision = decision;
    s.claim.statement = decision[0];
    s.claim.statementCue = decision[1];
  });
  if (memo && used) {
    memo.clear();
    for (const [k, v] of used) memo.set(k, v);
  }
}

/**
 * The statement kinds of one block's sentences, by the context they were decided in (the open
 * headings above the block and the kind of the sentence before it): the last analysis's, to take
 * from, and this one's, to fill. Shared by blocks of the same text, whose sentences (words, blocks,
 * quote depths, links relative to each other) are the same: the same context gives the same decisions.
 */
export interface BlockStatements {
  before: Map<string, [StatementKind, string][]> | undefined;
  now: Map<string, [StatementKind, string][]>;
}

/** Where and in what context a block's sentences were classified. */
export interface StatementPlace {
  /** The number of the block's first sentence. */
  from: number;
  /** The open headings' key and the statement before (see `classifyBlockStatements`). */
  context: string;
  /** The open headings' sentence numbers. */
  openAt: string;
}

/** One block's sentences (`from` to `to`) for `classifyBlockStatements`. */
export interface StatementGroup {
  statements: BlockStatements;
  from: number;
  to: number;
  /** The sentences are an earlier analysis's: copied before anything of them changes. */
  shared?: boolean;
  /** Where the shared sentences were classified: at the same place, they are left as they are. */
  was?: StatementPlace;
  /** Set by `classifyBlockStatements`: where this group was classified. */
  place?: StatementPlace;
}

/**
 * `classifyStatements` for a note assembled from kept blocks: `groups` are the blocks' sentence
 * ranges (in note order, covering every sentence) with each block's kept decisions. A block in a
 * context it was decided in before takes its decisions back; the others are decided and kept.
 * Same results as `classifyStatements(sentences)`.
 */
export function classifyBlockStatements(sentences: SentenceInfo[], groups: StatementGroup[]): void {
  const open: { depth: number; index: number }[] = [];
  // The open headings (depth and words), as a key, and where they are (their sentence numbers); rebuilt only at headings.
  let openKey = '';
  let openAt = '';
  // The contexts under the open headings, by the statement before: one string each (its hash
  // computed once) for the blocks of a section.
  let contexts = new Map<StatementKind | undefined, string>();
  const opens = (s: SentenceInfo, i: number): number => {
    const depth = s.depth ?? 1;
    while (open.length && open[open.length - 1].depth >= depth) open.pop();
    const section = open.length ? open[open.length - 1].index : -1;
    open.push({ depth, index: i });
    openKey = open.map((h) => `${sentences[h.index].depth ?? 1}\u0001${sentences[h.index].prose}`).join('\u0002');
    openAt = open.map((h) => h.index).join(',');
    contexts = new Map();
    return section;
  };
  // One block's sentences. (A function of its own, not the loop's body: V8 optimises a small
  // function that runs often soon after a note opens, while a loop inside a large one waits.)
  const classifyGroup = (group: StatementGroup): void => {
    const { statements, from, to, shared, was } = group;
    // What the block's first sentence reads from the sentences before it: the open headings, and the
    // previous sentence's kind when it is in the same section (a heading opens a section of its own).
    const before = from > 0 ? sentences[from - 1] : undefined;
    const previous = before && before.block !== 'heading' ? before.claim.statement : undefined;
    let context = contexts.get(previous);
    if (context === undefined) contexts.set(previous, context = `${openKey}\u0003${previous ?? ''}`);
    const reuse = statements.now.get(context) ?? statements.before?.get(context);
    if (shared && reuse && was && was.from === from && was.context === context && was.openAt === openAt) {
      // The last analysis's sentences, classified at the same place in the same context: as they are.
      for (let i = from; i < to; i++) if (sentences[i].block === 'heading') opens(sentences[i], i);
      statements.now.set(context, reuse);
      // (The same place: the last analysis's object, so that its record of the block can be taken again.)
      group.place = was;
      return;
    }
    const decisions: [StatementKind, string][] = reuse ?? [];
    for (let i = from; i < to; i++) {
      let s = sentences[i];
      let section: number;
      if (s.block === 'heading') {
        section = opens(s, i);
      } else {
        section = open.length ? open[open.length - 1].index : -1;
      }
      let decision = reuse?.[i - from];
      if (!decision) {
        const sections = s.block === 'heading' ? open.slice(0, -1) : open;
        const prev = i > 0 && sentences[i - 1].section === section ? sentences[i - 1].claim.statement : undefined;
        decision = decide(s, sections.map((h) => sentences[h.index].prose), prev);
        decisions.push(decision);
      }
      if (s.section === section && s.claim.statement === decision[0] && s.claim.statementCue === decision[1]) continue;
      // A shared sentence (an earlier analysis's) is copied, with its claim, before it changes.
      if (shared) sentences[i] = s = ownCopy(s);
      s.section = section;
      s.claim.statement = decision[0];
      s.claim.statementCue = decision[1];
    }
    statements.now.set(context, decisions);
    group.place = { from, context, openAt };
  };
  for (const group of groups) classifyGroup(group);
}

/** A copy of a sentence with its own claim (Object.assign: copies of one shape share a hidden class). */
function ownCopy(s: SentenceInfo): SentenceInfo {
  const copy = Object.assign({}, s);
  copy.claim = Object.assign({}, s.claim);
  return copy;
}

/** The remembered decision whose inputs equal `e`'s (same prose assumed). */
function find(list: MemoEntry[] | undefined, e: MemoEntry): MemoEntry | undefined {
  if (list) for (const m of list) if (sameInputs(m, e)) return m;
  return undefined;
}

function sameInputs(a: MemoEntry, b: MemoEntry): boolean {
  // The claim profile is made from the prose and the block alone (buildSentences), so equal prose
  // and block mean an equal profile, its cues at the same places in the sentence.
  if (a.block !== b.block || a.quoteDepth !== b.quoteDepth || a.previous !== b.previous) return false;
  const l = a.links, m = b.links;
  if (!l || !m) return !l === !m;
  if (l.length !== m.length) return false;
  for (let k = 0; k < l.length; k++) if (l[k].start - a.start !== m[k].start - b.start || l[k].end - a.start !== m[k].end - b.start) return false;
  return true;
}

const NUMBER = /(?<![A-Za-z])\d+(?:[.,]\d+)?\s*(?:%|‰|percent|per cent|fold|times)|\b(?:HR|RR|OR|NNT|NNH|ARR|RRR|CI|SMD|MD|IRR)\b\s*[=:]?\s*\d|\bp\s*[<=>≤]\s*0?\.\d|\b\d+\s+(?:of|out of|in)\s+\d+\b|\b\d{2,}\b/i;
const PAST_RESULT = /\b(?:was|were|had|has|have|did)\b|\b\w{3,}ed\b/i;

function decide(s: SentenceInfo, sections: string[], previous?: StatementKind): [StatementKind, string] {
  const p = s.claim;
  const prose = s.prose;
  const trimmed = prose.trim();
  // A heading that links to a paper, or reads like a reference, names the source of its section.
  if (s.block === 'heading') return s.links?.length || looksLikeReference(trimmed) ? ['reference', 'heading naming a source'] : ['navigation', 'heading'];
  if (s.quoteDepth > 0) return ['quote', 'blockquote'];
  if (s.block === 'tableCell') return ['table', 'table cell'];
  if (NAVIGATION_LABEL.test(trimmed) || linkShare(s) >= 0.6) return ['navigation', NAVIGATION_LABEL.exec(trimmed)?.[0].trim() ?? 'mostly links'];
  for (let k = sections.length - 1; k >= 0; k--) {
    const kind = sectionKind(sections[k]);
    if (kind === 'reference') return ['reference', `section: ${sections[k].trim()}`];
  }
  if (CAPTION.test(trimmed)) return ['caption', CAPTION.exec(trimmed)![0].trim()];
  if (looksLikeReference(trimmed) && (isTitleCase(trimmed) || s.block === 'listItem' || /\bet al\b/i.test(trimmed))) return ['reference', 'reference entry'];
  if (isTitleCase(trimmed) && !/[.!?]$/.test(trimmed) && p.relation !== 'none') return ['reference', 'title of a source'];
  if (/\?\s*["'”’)\]]*\s*$/.test(trimmed)) return ['question', '?'];
  const hyp = HYPOTHETICAL.exec(trimmed);
  if (hyp) return ['hypothetical', hyp[0].trim()];
  if (/^\s*if\b/i.test(trimmed) && /\b(?:were|would|had)\b/i.test(trimmed)) return ['hypothetical', 'if … would'];
  // A worked illustration goes on after its supposition: "Then the risk reduction would be 4 points."
  if (previous === 'hypothetical' && /\bwould\b|^\s*(?:then|so|that|this)\b/i.test(trimmed)) return ['hypothetical', 'continues a supposition'];
  // Someone else's claim reported at a distance ("it purports to show", "the website claims that").
  const attributed = ATTRIBUTION.exec(trimmed);
  if (attributed) return ['quote', attributed[0]];
  const own = OWN_ANALYSIS.exec(trimmed) ?? /\b(?:my|our) (?:own )?(?:[\w-]+ ){0,3}?(?:estimate|calculation|computation|analysis|reanalysis|re-analysis|model|posterior|prior|simulation|arithmetic)s?\b/i.exec(trimmed);
  if (own) return ['own-analysis', own[0]];
  const opinion = OPINION.exec(trimmed) ?? FIRST_PERSON.exec(trimmed);
  if (opinion) return ['opinion', opinion[0]];
  // An explicit definitional phrase defines, whatever relation words the defined term holds
  // ("the absolute risk reduction is the difference between…").
  const def = DEFINITION.exec(trimmed);
  if (def && (p.relation === 'none' || def.index < 60)) return ['definition', def[0]];
  // "ARR is the difference…", "An odds ratio is a measure…": a short subject, a copula and a noun phrase.
  const copula = /^\s*((?:[\w()'’/-]+\s+){0,5}?)(?:is|are)\s+(?:the|a|an)\s+\w+/i.exec(trimmed);
  if (copula && p.relation === 'none' && !NUMBER.test(trimmed) && !/^\s*(?:this|that|it|there|these|those|here)\b/i.test(trimmed)) return ['definition', 'X is a/the …'];
  const unnamed = appealsToUnnamedEvidence(prose);
  if (unnamed) return ['finding', unnamed];
  let methodSection: string | undefined;
  let backgroundSection: string | undefined;
  for (let k = sections.length - 1; k >= 0; k--) {
    const kind = sectionKind(sections[k]);
    if (kind === 'method' && !methodSection) methodSection = sections[k].trim();
    if (kind === 'background' && !backgroundSection) backgroundSection = sections[k].trim();
  }
  const method = METHOD.exec(trimmed);
  if (method && (p.relation === 'none' || methodSection)) return ['method', method[0]];
  if (methodSection && p.relation === 'none') return ['method', `section: ${methodSection}`];
  if (!p.isClaim) return ['other', p.cues.find((c) => c.kind === 'not-claim')?.text || 'no finding stated'];
  const number = NUMBER.exec(trimmed);
  const reporting = REPORTING.exec(trimmed);
  const evidence = EVIDENCE_NOUN.exec(trimmed);
  if (p.relation !== 'none' || p.magnitude === 'absolute') {
    if (number) return ['finding', number[0].trim()];
    if (reporting) return ['finding', reporting[0]];
    if (evidence) return ['finding', evidence[0]];
    const rel = p.cues.find((c) => c.kind === 'relation');
    // A result reported in the past or perfect ("reduced", "has not prevented") is a finding; a general
    // present-tense statement of a relation ("angiotensin II causes vasoconstriction") is background.
    if (rel && PAST_RESULT.test(trimmed.slice(0, Math.max(0, rel.start - s.start)) + rel.text)) return ['finding', rel.text];
    // An effect on how patients feel, function or survive is a clinical finding even when stated
    // generally ("statins reduce strokes"); a mechanism or lab value stated generally is background.
    const clinical = p.outcome === 'clinical' ? p.cues.find((c) => c.kind === 'clinical') : undefined;
    if (clinical && !backgroundSection) return ['finding', clinical.text];
    // A total effect ("cures", "eliminates") is a claim about results, whatever the tense.
    const absolute = p.magnitude === 'absolute' ? p.cues.find((c) => c.kind === 'absolute') : undefined;
    if (absolute) return ['finding', absolute.text];
    return ['background', backgroundSection ? `section: ${backgroundSection}` : 'general statement, no number or study'];
  }
  if (number) return ['finding', number[0].trim()];
  // "It clearly shows that…", "the trial demonstrated…": a result presented as established.
  if (reporting) return ['finding', reporting[0]];
  return ['other', 'no relation or result stated'];
}
