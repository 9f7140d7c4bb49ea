/**
 * Study profile: what kind of study a source reports, read from its text (abstract or quoted
 * passage). Used to judge whether a claim asks more than the design can give, and shown on hover.
 */
import type { Source } from '../types';
import designData from './data/study-design.json';
import indexingData from './data/publication-types.json';

export interface StudyProfile {
  /** Design labels found, e.g. ["randomised controlled trial", "phase 3"]; empty = unknown. */
  design: string[];
  /** Participants enrolled / randomised. */
  enrolled?: number;
  /** Participants who completed. */
  completed?: number;
  /** Duration as written ("60 weeks"). */
  duration?: string;
  /** Primary endpoint as written, and whether it is clinical or a surrogate. */
  primaryEndpoint?: { text: string; kind: 'clinical' | 'surrogate' | 'unspecified' };
  /** Population as written ("patients with secondary or primary progressive MS"). */
  population?: string;
  /** Species studied when not human ("mice"). */
  species?: 'human' | 'animal' | 'in vitro';
}

interface DesignEntry { label: string; patterns: string[]; provenance: string }
interface OutcomeEntry { term: string; kind: 'clinical' | 'surrogate'; provenance: string }

const designs = (designData.designs as DesignEntry[]).map((d) => ({
  label: d.label,
  res: d.patterns.map((p) => new RegExp(p, 'i')),
}));
const outcomes = designData.outcomes as OutcomeEntry[];

/** Designs that cannot carry a certain or causal clinical claim on their own. */
export const WEAK_DESIGNS = new Set([
  'open-label', 'single-arm', 'phase 1', 'phase 2', 'phase 2A', 'cohort', 'case-control', 'cross-sectional',
  'case series', 'case report', 'animal', 'in vitro', 'observational',
]);
/** Designs that observe rather than assign treatment. */
export const OBSERVATIONAL_DESIGNS = new Set(['cohort', 'case-control', 'cross-sectional', 'case series', 'case report', 'observational']);

const WORD_NUMBERS: Record<string, number> = {
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
};
const toNumber = (s: string): number | undefined => {
  const w = WORD_NUMBERS[s.toLowerCase()];
  if (w !== undefined) return w;
  const n = Number(s.replace(/,/g, ''));
  return Number.isFinite(n) ? n : undefined;
};

/** Classifies an outcome phrase as clinical or surrogate using the outcome lexicon. */
export function classifyOutcome(text: string): 'clinical' | 'surrogate' | 'unspecified' {
  const lower = text.toLowerCase();
  let best: { kind: 'clinical' | 'surrogate'; at: number } | undefined;
  for (const o of outcomes) {
    const at = lower.indexOf(o.term);
    if (at >= 0 && (!best || at < best.at)) best = { kind: o.kind, at };
  }
  return best?.kind ?? 'unspecified';
}

const designOfType = new Map(indexingData.publicationTypes.map((t) => [t.type.toLowerCase(), t.design]));
const designOfMesh = new Map(indexingData.meshDesigns.map((t) => [t.heading.toLowerCase(), t.design]));

/**
 * Designs and species from PubMed's indexing (publication types, MeSH), when a source carries
 * it: indexers read the whole paper, so their labels outrank words found in the abstract.
 */
function indexedDesign(source: Pick<Source, 'publicationTypes' | 'mesh'>): { design: string[]; species?: 'human' | 'animal' } {
  const design: string[] = [];
  for (const t of source.publicationTypes ?? []) {
    const d = designOfType.get(String(t).toLowerCase());
    if (d && !design.includes(d)) design.push(d);
  }
  const mesh = new Set((source.mesh ?? []).map((m) => String(m).toLowerCase()));
  for (const m of mesh) {
    const d = designOfMesh.get(m);
    if (d && !design.includes(d)) design.push(d);
  }
  const human = mesh.has(indexingData.species.human.toLowerCase());
  const animal = mesh.has(indexingData.species.animal.toLowerCase());
  return { design, species: human && !animal ? 'human' : animal && !human ? 'animal' : undefined };
}

type StudySource = Pick<Source, 'text' | 'title'> & Partial<Pick<Source, 'publicationTypes' | 'mesh'>>;

/** The design labels of a source's text (and title) and its PubMed indexing: `profileStudy(source).design`, without the rest. */
export function studyDesign(source: StudySource): string[] {
  return designOf(`${source.title ?? ''}. ${source.text ?? ''}`, source);
}

function designOf(text: string, source: Pick<Source, 'publicationTypes' | 'mesh'>): string[] {
  const indexed = indexedDesign(source);
  const design: string[] = [];
  for (const d of designs) {
    if (d.res.some((re) => re.test(text)) && !design.includes(d.label)) design.push(d.label);
  }
  for (const d of indexed.design) if (!design.includes(d)) design.push(d);
  if (indexed.species === 'animal' && !design.includes('animal')) design.push('animal');
  // MeSH says the study was in people only: an animal word in the abstract was background.
  if (indexed.species === 'human' && design.includes('animal')) design.splice(design.indexOf('animal'), 1);
  // A phase 2A trial is also a phase 2 trial; keep both so checks can ask for either.
  if (design.includes('phase 2A') && !design.includes('phase 2')) design.push('phase 2');
  return design;
}

// Participant counts as written ("24 patients", "enrolled 120", "18 completed"), compiled once.
const COUNT = String.raw`(\d[\d,]*|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)`;
const WHO = String.raw`(?:[\w/-]+\s+){0,3}?(?:patients|participants|people|subjects|adults|children|women|men|individuals|volunteers|msers|mice|rats|animals|infants|cases)`;
const COUNT_WHO_RE = new RegExp(String.raw`(?<![\w/.-])${COUNT}\s+${WHO}\b`, 'i');
const ENROLLED_COUNT_RE = new RegExp(String.raw`\b(?:enrolled|randomi[sz]ed|included|recruited|assigned)\s+${COUNT}\b`, 'i');
const COUNT_WHO_ENROLLED_RE = new RegExp(String.raw`(?<![\w/.-])${COUNT}\s+${WHO}\s+(?:were|was)\s+(?:enrolled|randomi[sz]ed|included|recruited|assigned)`, 'i');
const COUNT_COMPLETED_RE = new RegExp(String.raw`\b${COUNT}\s+(?:${WHO}\s+)?(?:completed|finished)\b`, 'i');
const COMPLETED_COUNT_RE = new RegExp(String.raw`\b(?:completed|finished)\s+(?:by\s+)?${COUNT}\b`, 'i');

/** Derives the study profile from a source's text (and title), and its PubMed indexing when present. */
export function profileStudy(source: StudySource): StudyProfile {
  const text = `${source.title ?? ''}. ${source.text ?? ''}`;
  const design = designOf(text, source);
  const profile: StudyProfile = { design };
  if (design.includes('animal')) profile.species = 'animal';
  else if (design.includes('in vitro')) profile.species = 'in vitro';
  else if (text.trim().length > 2) profile.species = 'human';

  const enrolled = COUNT_WHO_RE.exec(text);
  const enrolledExplicit = ENROLLED_COUNT_RE.exec(text) ?? COUNT_WHO_ENROLLED_RE.exec(text);
  const en = enrolledExplicit ?? enrolled;
  if (en) profile.enrolled = toNumber(en[1]);
  const completed = COUNT_COMPLETED_RE.exec(text) ?? COMPLETED_COUNT_RE.exec(text);
  if (completed) profile.completed = toNumber(completed[1]);
  if (profile.enrolled === undefined) {
    const n = /\bn\s*=\s*(\d[\d,]*)/i.exec(text);
    if (n) profile.enrolled = toNumber(n[1]);
  }
  const duration = /\b(?:for|over|during|of|median(?: follow-up)? of)\s+(?:a\s+)?(?:median\s+of\s+)?(\d+(?:\.\d+)?|one|two|three|four|five|six|twelve)\s+(weeks?|months?|years?|days?)\b/i.exec(text);
  if (duration) profile.duration = `${duration[1]} ${duration[2]}`;
  const primary = /\bprimary (?:end ?point|outcome)(?: measure)?\s+(?:was|were|is)\s+([^.;]+)/i.exec(text);
  if (primary) {
    const endpoint = primary[1].trim();
    profile.primaryEndpoint = { text: endpoint, kind: classifyOutcome(endpoint) };
  }
  const population = /\b(?:patients|participants|people|adults|children|women|men|individuals|mice|rats)\s+with\s+([^.;,():]+?)(?=\s+(?:were|was|received|underwent|who|and an|and a|to receive|randomi[sz]ed)\b|[.;,():]|$)/i.exec(text);
  if (population) profile.population = population[0].trim();
  return profile;
}

/** Design labels as one phrase, without labels another one refines ("phase 2" under "phase 2A"). */
export function designWords(labels: string[]): string {
  const kept = labels.filter((l) => !labels.some((o) => o !== l && o.startsWith(l) && /^[A-Za-z]$/.test(o.slice(l.length))));
  return [...new Set(kept)].join(', ');
}

/** One-line human summary of a study profile, for hovers and messages. */
export function formatStudyProfile(p: StudyProfile): string {
  const parts: string[] = [];
  if (p.design.length) parts.push(designWords(p.design));
  if (p.enrolled !== undefined) parts.push(`n = ${p.enrolled}${p.completed !== undefined ? ` (${p.completed} completed)` : ''}`);
  if (p.duration) parts.push(p.duration);
  if (p.population) parts.push(p.population);
  if (p.primaryEndpoint) parts.push(`primary endpoint: ${p.primaryEndpoint.text} (${p.primaryEndpoint.kind})`);
  return parts.join('; ') || 'design unknown';
}
