import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { analyze, analyzeNote } from '../core/analyze';
import { prepareNoteInputs } from '../workspace/inputs';
import type { Analysis, Finding, Severity } from '../core/types';
import { isStrictness, type Strictness } from '../core/settings';
import { ConfigError, findConfigFile, readConfigFile, type WorkspaceConfig } from '../workspace/config';
import { AnalysisWorker } from '../worker/client';
import { formatText, formatJson, formatSarif, type FileFindings } from './format';
import { runCompare, runLines } from './streams';
import { isInside } from '../workspace/paths';

/**
 * evidence-lens check [--bib FILE]... [--config FILE] [--strictness S] [--format text|json|sarif] [--max-severity S] PATH...
 * evidence-lens analyze [--bib FILE]... FILE
 * evidence-lens analyze --lines        (stdin: one sentence or passage a line)
 * evidence-lens compare                (stdin: {"claim","evidence"} JSON lines)
 * evidence-lens fetch [--refresh] [--config FILE] [--bib FILE]... PATH...   (the only command that goes online)
 * Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage or input error.
 */

const USAGE = `usage:
  evidence-lens check [--bib FILE]... [--config FILE] [--strictness strict|balanced|quiet] [--format text|json|sarif] [--max-severity error|warning|information|hint] PATH...
  evidence-lens analyze [--bib FILE]... [--config FILE] FILE
  evidence-lens analyze --lines < lines.txt
  evidence-lens compare < pairs.jsonl
  evidence-lens fetch [--refresh] [--bib FILE]... [--config FILE] PATH...`;

const MARKDOWN_EXTENSIONS = new Set(['.md', '.markdown', '.mdown', '.mkd', '.mkdn']);
const SEVERITY_RANK: Record<Severity, number> = { error: 4, warning: 3, information: 2, hint: 1 };

/** A problem with the command line or its input: one line on stderr, exit 2. */
export class UsageError extends Error {}

interface Options {
  command: string;
  paths: string[];
  bib: string[];
  config?: string;
  format: 'text' | 'json' | 'sarif';
  maxSeverity: Severity;
  lines: boolean;
  strictness?: Strictness;
  refresh: boolean;
}

export function parseArgs(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') throw new UsageError(USAGE);
  if (!['check', 'analyze', 'compare', 'fetch'].includes(command)) throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  const options: Options = { command, paths: [], bib: [], format: 'text', maxSeverity: 'error', lines: false, refresh: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--bib') options.bib.push(value());
    else if (arg === '--config') options.config = value();
    else if (arg === '--strictness') {
      const v = value();
      if (!isStrictness(v)) throw new UsageError(`--strictness must be strict, balanced or quiet, not "${v}"`);
      options.strictness = v;
    }
    else if (arg === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${f}"`);
      options.format = f;
    } else if (arg === '--max-severity') {
      const s = value();
      if (!(s in SEVERITY_RANK)) throw new UsageError(`--max-severity must be error, warning, information or hint, not "${s}"`);
      options.maxSeverity = s as Severity;
    } else if (arg === '--lines') options.lines = true;
    else if (arg === '--refresh' && command === 'fetch') options.refresh = true;
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}\n${USAGE}`);
    else options.paths.push(arg);
  }
  return options;
}

/** Expands files and folders into Markdown files; folders are walked, .gitignored paths skipped. */
export function collectMarkdownFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const given of paths) {
    if (!existsSync(given)) throw new UsageError(`no such file or directory: ${given}`);
    const stat = statSync(given);
    if (stat.isFile()) {
      files.push(given);
      continue;
    }
    const found: string[] = [];
    walk(path.resolve(given), given, [], found);
    if (found.length === 0) throw new UsageError(`no Markdown files (.md, .markdown) in ${given}`);
    files.push(...found.sort());
  }
  return files;
}

function walk(absDir: string, shownDir: string, ignores: { base: string; ig: Ignore }[], out: string[]): void {
  const gitignore = path.join(absDir, '.gitignore');
  const scoped = existsSync(gitignore)
    ? [...ignores, { base: absDir, ig: ignore().add(readFileSync(gitignore, 'utf8')) }]
    : ignores;
  const isIgnored = (abs: string, dir: boolean): boolean =>
    scoped.some(({ base, ig }) => {
      const rel = path.relative(base, abs).split(path.sep).join('/');
      return rel !== '' && !rel.startsWith('..') && ig.ignores(dir ? `${rel}/` : rel);
    });
  for (const entry of readdirSync(absDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    // .evidence-lens/ holds fetched source notes (abstracts), not notes to check.
    if (entry.name === '.git' || entry.name === 'node_modules' || entry.name === '.evidence-lens') continue;
    const abs = path.join(absDir, entry.name);
    const shown = path.join(shownDir, entry.name);
    if (entry.isDirectory()) {
      if (!isIgnored(abs, true)) walk(abs, shown, scoped, out);
    } else if (entry.isFile() && MARKDOWN_EXTENSIONS.has(path.extname(entry.name).toLowerCase()) && !isIgnored(abs, false)) {
      out.push(shown);
    }
  }
}

/** Reads a note as UTF-8 text; binary or non-UTF-8 files are input errors. */
export function readNote(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  if (bytes.includes(0)) throw new UsageError(`${file} is a binary file, not Markdown text`);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new UsageError(`${file} is not valid UTF-8 text`);
  }
}

function configFor(file: string, explicit: string | undefined, bib: string[], strictness?: Strictness): WorkspaceConfig {
  const configFile = explicit ?? findConfigFile(path.dirname(path.resolve(file)));
  if (explicit && !existsSync(explicit)) throw new UsageError(`no such config file: ${explicit}`);
  const config = configFile ? readConfigFile(configFile) : {};
  for (const b of bib) if (!existsSync(b)) throw new UsageError(`no such bibliography file: ${b}`);
  // A note may name files inside the current folder (a CI checkout's root) or, for a note outside
  // it, inside the note's own folder; `allowedSourcePaths` in the config adds places.
  const cwd = process.cwd();
  const noteDir = path.dirname(path.resolve(file));
  const workspaceRoot = isInside(noteDir, cwd) ? cwd : noteDir;
  return {
    ...config,
    workspaceRoot,
    ...(strictness ? { strictness } : {}),
    bibliography: [...(config.bibliography ?? []), ...bib.map((b) => path.resolve(b))],
  };
}

/**
 * The check path for one file. With a worker (the CLI), the file is analysed there under the same
 * time budget as the editor: a file that exceeds it gets one internal-error finding saying so, and
 * the other files are still checked. Without one (evaluation scripts, which import this so they
 * analyse exactly as the CLI does), in this process.
 */
export async function analyzeFile(file: string, options: Options, worker?: AnalysisWorker): Promise<{ analysis: Analysis; warnings: string[] }> {
  const text = readNote(file);
  const config = configFor(file, options.config, options.bib, options.strictness);
  if (!worker) {
    const inputs = await prepareNoteInputs(text, path.resolve(file), config);
    return { analysis: analyzeNote(text, inputs.options).analysis, warnings: inputs.warnings };
  }
  const outcome = await worker.analyze({ key: path.resolve(file), version: 1, text, notePath: path.resolve(file), config });
  if (outcome.kind === 'superseded') throw new Error(`the analysis of ${file} was cancelled`);
  return { analysis: outcome.note.analysis, warnings: outcome.kind === 'failed' ? [`${file}: ${outcome.message}`] : outcome.warnings };
}

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }): Promise<number> {
  const worker = new AnalysisWorker();
  try {
    const options = parseArgs(argv);
    if (options.command === 'compare') return await runCompare(io.stdin, io.stdout);
    if (options.command === 'analyze' && options.lines) return await runLines(io.stdin, io.stdout, (line) => analyze(line, { plainText: true }));
    if (options.command === 'analyze') {
      if (options.paths.length !== 1) throw new UsageError(`analyze takes exactly one FILE\n${USAGE}`);
      if (statSync(options.paths[0], { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`analyze takes a file, not a directory: ${options.paths[0]}`);
      const [file] = collectMarkdownFiles(options.paths);
      const { analysis, warnings } = await analyzeFile(file, options, worker);
      for (const w of warnings) io.stderr.write(`evidence-lens: ${w}\n`);
      io.stdout.write(`${JSON.stringify(analysis, null, 2)}\n`);
      return 0;
    }
    if (options.paths.length === 0) throw new UsageError(`${options.command} needs at least one PATH\n${USAGE}`);
    if (options.command === 'fetch') {
      const { runFetch } = await import('./fetch');
      return await runFetch({ files: collectMarkdownFiles(options.paths), read: readNote, configFor: (f) => configFor(f, options.config, options.bib), refresh: options.refresh, stderr: io.stderr });
    }
    const results: FileFindings[] = [];
    for (const file of collectMarkdownFiles(options.paths)) {
      const { analysis, warnings } = await analyzeFile(file, options, worker);
      for (const w of warnings) io.stderr.write(`evidence-lens: ${w}\n`);
      results.push({ path: file, findings: analysis.findings });
    }
    const render = options.format === 'json' ? formatJson : options.format === 'sarif' ? formatSarif : formatText;
    io.stdout.write(render(results));
    const threshold = SEVERITY_RANK[options.maxSeverity];
    const failing = results.some((r) => r.findings.some((f: Finding) => SEVERITY_RANK[f.severity] >= threshold));
    return failing ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr.write(`evidence-lens: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`evidence-lens: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    await worker.close();
  }
}
