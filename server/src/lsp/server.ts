import {
  type Connection, type InitializeParams, type InitializeResult, type PublishDiagnosticsParams, CodeActionKind, DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification, DocumentDiagnosticReportKind, ErrorCodes, ResponseError, TextDocumentSyncKind, TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { NoteAnalysis } from '../core/analyze';
import { codeActionsFor, findingToDiagnostic } from './convert';
import { hoverAt } from './hover';
import { completeCitationKey, definitionAt } from './citations';
import { LineIndex } from '../core/positions';
import { SettingsCache } from './settings';
import { uriToPath } from './uri';
import { AnalysisWorker, type PackedDetail } from '../worker/client';
import { EditLog, TextChange } from './stale';
import { rangeOf } from './ranges';
import type { Citation } from '../core/evidence/index';
import { FETCH_COMMAND, executeFetchCommand, fetchCodeActions } from './fetch';
import { trace } from '../worker/trace';
import type { PreparedPublication } from './diagnostic';
import { preparedParams } from './prepared';

const WATCHED_FILES = ['**/.evidence-lens.{json,yaml,yml}', '**/*.{bib,bibtex,json,yaml,yml,csv,RRF}'];

/**
 * Makes V8 hold `text` as one flat string now. An edited document's text is a rope (the text
 * before the edit, the inserted text, the text after); the first read of its characters copies it
 * into one string (~1.5 ms for a 100 KB note with a character outside Latin-1, 200 KB in memory).
 * Done when the change arrives, during the debounce, that copy is not on the way from the timer to
 * the worker (the job's edit is found by comparing the text with the last one posted), and the
 * next change's update (which slices this text) does not make it either.
 */
function flatten(text: string): void {
  text.indexOf('\u0000');
}

/** One analysis of a document as the server keeps it. */
interface Analysed {
  version: number;
  /**
   * Findings only: the rest is in `packed`, unpacked piece by piece into views of it as requests need them.
   * When the worker prepared the diagnostics (`publication`, until they are sent), no findings: they
   * come with the detail (or, if that is gone, from the note analysed again: `withFindings`).
   */
  note: NoteAnalysis;
  findings: NoteAnalysis['analysis']['findings'];
  publication?: PreparedPublication;
  /** The findings are not in `note`: fetched with the detail. */
  findingsWithDetail?: boolean;
  /** The note with its findings, when the detail that carried them was gone. */
  withFindings?: Promise<NoteAnalysis>;
  /** The worker's job that made it (for its detail); none for a failed analysis. */
  job?: number;
  /** The detail's fetch (true when it came) and the detail as it came. */
  fetched?: Promise<boolean>;
  packed?: PackedDetail;
  /** Its diagnostics were sent (or reported, when pulled): a hover from then on waits for its detail. */
  published?: true;
}

export interface ServerOptions {
  /**
   * The connection's writer writes prepared publishDiagnostics params as they are (lsp/prepared.ts):
   * the worker then builds the diagnostics message, not the protocol thread.
   */
  preparedDiagnostics?: boolean;
  /** The analyses' worker (by default one of its own, logging to the client). */
  analyzer?: AnalysisWorker;
}

/**
 * The language server: thin wiring from LSP to the pure core. Every handler catches, logs and
 * returns an empty answer, so no note can take the server down.
 */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  // The analysis of each document's current version: its findings first (all diagnostics need),
  // then, fetched from the worker when it is idle, the rest (`packed`).
  const cache = new Map<string, Analysed>();
  // Each document's last analysis with its detail, whatever its version: hovers, definitions and
  // completions are answered from it at once, mapped through the edits made since.
  const detailed = new Map<string, Analysed>();
  // Each open document's edits since the versions those analyses were of.
  const edits = new EditLog();
  const timers = new Map<string, NodeJS.Timeout>();
  let pullDiagnostics = false;
  let canWatchFiles = false;
  let canCreateProgress = false;
  let debounceMs = 250;
  let workspaceFolders: string[] = [];
  let initialized = false;
  let versionedEdits = false;
  const settings = new SettingsCache(connection, () => workspaceFolders);

  const log = (message: string): void => connection.console.log(`[evidence-lens] ${message}`);
  // Analysis runs in a worker with a time budget, so no note can block hovers or other notes. The
  // worker warms its code up when idle after the first analysis (EVIDENCE_LENS_WARM_UP: a number of
  // edits instead of the usual, 0 for none).
  const warmUpEdits = process.env.EVIDENCE_LENS_WARM_UP;
  // EVIDENCE_LENS_EARLY=0: no early analysis of a synced text (the bench compares with and without).
  const early = process.env.EVIDENCE_LENS_EARLY !== '0';
  const analyzer = options.analyzer ?? new AnalysisWorker({ warmUp: warmUpEdits && /^\d+$/.test(warmUpEdits) ? Number(warmUpEdits) : true, speculate: early }, log);
  const guard = <A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R | Promise<R>) =>
    async (...args: A): Promise<R> => {
      // Requests before `initialize` get the protocol's ServerNotInitialized error, not an empty answer.
      if (!initialized) return new ResponseError(ErrorCodes.ServerNotInitialized, `${name}: the server is not initialized`) as unknown as R;
      try {
        return await fn(...args);
      } catch (error) {
        connection.console.error(`[evidence-lens] ${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        return fallback;
      }
    };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    initialized = true;
    versionedEdits = Boolean(params.capabilities.workspace?.workspaceEdit?.documentChanges);
    pullDiagnostics = Boolean(params.capabilities.textDocument?.diagnostic);
    settings.clientSupportsConfiguration = Boolean(params.capabilities.workspace?.configuration);
    canWatchFiles = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    canCreateProgress = Boolean(params.capabilities.window?.workDoneProgress);
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => Boolean(p));
    if (workspaceFolders.length === 0 && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) workspaceFolders = [root];
    }
    const init = params.initializationOptions as { debounceMs?: number } | undefined;
    if (typeof init?.debounceMs === 'number') debounceMs = init.debounceMs;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        definitionProvider: true,
        completionProvider: { triggerCharacters: ['@'] },
        executeCommandProvider: { commands: [FETCH_COMMAND] },
        ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'evidence-lens', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (settings.clientSupportsConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    }
    // Config files, bibliographies and lexicons change what a note's findings are: have the client
    // tell us (VS Code's client also does this from its own settings).
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })),
      }).catch(() => undefined);
    }
    log(`ready (${pullDiagnostics ? 'pull' : 'push'} diagnostics)`);
  });

  /**
   * Fetches the detail of an analysis (spans, claims, sources) once, packed; this thread unpacks
   * its sections when idle, and of its sentences, drugs and statistics only the few parts a hover
   * needs, when it needs them (`viewOf`). False when the worker no longer has it.
   */
  const fetchDetail = (uri: string, entry: Analysed): Promise<boolean> => {
    const job = entry.job;
    if (job === undefined) return Promise.resolve(false);
    entry.fetched ??= analyzer.detail(uri, job, Boolean(entry.findingsWithDetail)).then((packed) => {
      if (!packed) {
        // Gone (the note was analysed since), or its packing gave way to an analysis: asked again
        // when a request needs it (the worker answers at once if it is gone).
        entry.fetched = undefined;
        return false;
      }
      entry.packed = packed;
      const last = detailed.get(uri);
      if (documents.get(uri) && (last?.job ?? -1) < job) {
        packed.follows(last?.packed);
        detailed.set(uri, entry);
        // Its sections unpacked once the protocol thread has nothing else to do (messages already
        // waiting first), so that a hover does not pay for them; not while the note is being typed
        // in (an edit waits for its debounce or its analysis runs: a newer detail is coming), when
        // the ~1 ms of unpacking would only hold up the next edit's way to the worker.
        setImmediate(() => { if (detailed.get(uri) === entry && !timers.has(uri) && !analyzer.busyWith(uri)) packed.head(); });
      }
      return true;
    });
    return entry.fetched;
  };
  /** The analysis with as much of its detail as a request at `offset` needs (see `PackedDetail.view`). */
  const viewOf = (entry: Analysed, offset?: number): NoteAnalysis => (entry.packed ? entry.packed.view(entry.note, offset) : entry.note);
  const detailOf = async (uri: string, entry: Analysed, offset?: number): Promise<NoteAnalysis | undefined> =>
    (await fetchDetail(uri, entry)) ? viewOf(entry, offset) : undefined;

  /** The analysis of the current version with its detail's sections (what code actions read), or its findings alone. */
  const currentAnalysisOf = async (document: TextDocument): Promise<NoteAnalysis> => {
    const entry = await entryOf(document);
    return (await detailOf(document.uri, entry)) ?? await findingsOf(document.uri, entry);
  };

  /**
   * The entry's note with its findings: as it is, unless they were to come with its detail and that
   * is gone (the worker analysed the note since, or was replaced): then the same text analysed again.
   */
  const findingsOf = async (uri: string, entry: Analysed): Promise<NoteAnalysis> => {
    if (!entry.findingsWithDetail) return entry.note;
    if (await fetchDetail(uri, entry)) return viewOf(entry);
    const again = entry.withFindings ??= (async () => {
      const config = await settings.forDocument(uri);
      const outcome = await analyzer.analyze({ key: uri, version: entry.version, text: entry.note.context.text, notePath: uriToPath(uri), config, findingsOnly: true });
      if (outcome.kind !== 'superseded') return outcome.note;
      // A newer version came first: this one is stale (no findings; asked again if wanted).
      entry.withFindings = undefined;
      return entry.note;
    })();
    return again;
  };

  /**
   * The last analysis of the document that has its detail, and how the text changed since: what
   * hovers, definitions and completions answer from without waiting for a running analysis
   * (`at(offset)`: with the detail around an offset of the analysed text; `at()`: its sections).
   * Only before a note's first analysis has finished does this wait (for it).
   */
  const lastAnalysisOf = async (document: TextDocument): Promise<{ at: (offset?: number) => NoteAnalysis; text: string; change: TextChange; lines: LineIndex } | undefined> => {
    // The current version's analysis when it has its detail, or when the worker is free to hand it
    // over and its diagnostics are out (a hover then tells what they tell) or no earlier analysis
    // has its detail; else the last one that has its detail, the current one's being fetched
    // meanwhile (a packing takes tens of ms in a long note: a hover right after an edit whose
    // analysis has just ended does not wait for it). Not when its detail would wait behind another
    // note's analysis.
    const entry = cache.get(document.uri);
    const done = entry && entry.version === document.version ? entry : undefined;
    const previous = detailed.get(document.uri);
    let fresh: Analysed | undefined;
    if (done?.packed) fresh = done;
    else if (done && !analyzer.busy()) {
      const fetching = fetchDetail(document.uri, done);
      if ((done.published || !previous) && await fetching) fresh = done;
    }
    let chosen = fresh ?? previous;
    let base: NoteAnalysis;
    if (chosen) base = chosen.note;
    else {
      // Before the note's first analysis with its detail: wait for the current one.
      base = await currentAnalysisOf(document);
      const now = cache.get(document.uri);
      if (now?.packed && now.note.context.text === base.context.text) chosen = now;
    }
    const from = chosen;
    const at = (offset?: number): NoteAnalysis => (from ? viewOf(from, offset) : base);
    const current = documents.get(document.uri);
    if (!current) return undefined;
    const text = current.getText();
    const analysed = base.context.text;
    return { at, text, change: edits.since(document.uri, from?.version, analysed, text), lines: analysed === text ? base.lines : new LineIndex(text) };
  };

  /** The analysis of the document's current version with its findings. */
  const analysisOf = async (document: TextDocument): Promise<NoteAnalysis> => findingsOf(document.uri, await entryOf(document));

  /**
   * The analysis of the document's current version, computed at most once per version; `prepare`:
   * for its diagnostics, made by the worker if the connection can write them so (see `Analysed`).
   */
  const entryOf = async (document: TextDocument, prepare = false): Promise<Analysed> => {
    for (;;) {
      const current = documents.get(document.uri) ?? document;
      const cached = cache.get(current.uri);
      if (cached && cached.version === current.version) return cached;
      const version = current.version;
      const config = await settings.forDocument(current.uri);
      const latest = documents.get(current.uri) ?? current;
      if (latest.version !== version) continue; // the note changed while settings were read
      const prepareDiagnostics = prepare && options.preparedDiagnostics === true;
      const outcome = await analyzer.analyze({ key: current.uri, version, text: current.getText(), notePath: uriToPath(current.uri), config, findingsOnly: true, ...(prepareDiagnostics ? { prepareDiagnostics } : {}) });
      if (outcome.kind === 'superseded') {
        if (!documents.get(current.uri)) throw new Error('the document was closed');
        continue; // a newer version is being analysed: wait for that one
      }
      for (const w of outcome.warnings) log(w);
      const publication = outcome.kind === 'done' ? outcome.publication : undefined;
      const entry: Analysed = {
        version, note: outcome.note, findings: outcome.note.analysis.findings, job: outcome.kind === 'done' ? outcome.job : undefined,
        ...(publication ? { publication, findingsWithDetail: true } : {}),
      };
      if (documents.get(current.uri)) {
        cache.set(current.uri, entry);
        // Fetch the rest while the worker is idle, not ahead of a newer edit, and only once the
        // diagnostics are out: the connection writes them in an immediate queued this turn, and a
        // timer runs after it, so the worker's packing does not compete with them for the CPU.
        const uri = current.uri;
        setTimeout(() => { if (cache.get(uri) === entry && !analyzer.busyWith(uri)) void fetchDetail(uri, entry); }, 0);
      }
      return entry;
    }
  };

  const publish = guard('publishDiagnostics', undefined, async (uri: string) => {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    const entry = await entryOf(document, true);
    if (documents.get(uri)?.version !== version) return; // a newer edit will publish
    const { publication } = entry;
    let params: PublishDiagnosticsParams;
    if (publication?.uri === uri && publication.version === version) {
      entry.publication = undefined; // written once; the writer holds the bytes until then
      params = preparedParams(publication) as unknown as PublishDiagnosticsParams;
    } else {
      const note = await findingsOf(uri, entry);
      params = { uri, version, diagnostics: note.analysis.findings.map((f) => findingToDiagnostic(f, note.lines, uri, version)) };
    }
    trace('server:diagnostics');
    await connection.sendDiagnostics(params);
    entry.published = true;
    trace('server:sent');
  });

  /** Debounced: typing schedules one analysis after a pause; each new edit cancels the previous. */
  const schedule = (uri: string, delay = debounceMs): void => {
    if (pullDiagnostics) return;
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      trace('server:timer');
      void publish(uri);
    }, delay));
  };

  documents.onDidOpen((e) => {
    schedule(e.document.uri, 0);
    // The document's line offsets, which its first incremental change needs (and keeps up to date
    // from then on), are worked out now, while the worker analyses the note, not when the writer's
    // first keystroke comes (in the 100 KB bench note the server took 12-16 ms to take in that
    // change, on code not yet compiled; 2-9 ms with this). After the analysis is posted: the timer
    // above runs first.
    const { document } = e;
    setTimeout(() => { if (documents.get(document.uri) === document) document.positionAt(0); }, 0);
  });
  documents.onDidChangeContent((e) => {
    trace('server:change');
    // A running analysis of an older version is stale now: stop it, so the newest starts at once.
    analyzer.cancelOlder(e.document.uri, e.document.version);
    schedule(e.document.uri);
    const text = e.document.getText();
    flatten(text);
    edits.record(e.document.uri, e.document.version, text);
    // The worker gets the new text now, and makes it flat (and analyses it) while the debounce
    // waits; it stops packing an earlier version's detail for it when hovers have an earlier one
    // to answer from meanwhile (mapped through the edits since: see stale.ts).
    if (!pullDiagnostics) analyzer.sync(e.document.uri, text, detailed.has(e.document.uri), e.document.version, debounceMs);
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    cache.delete(e.document.uri);
    detailed.delete(e.document.uri);
    edits.forget(e.document.uri);
    settings.forget(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const refreshAll = (): void => {
    cache.clear();
    detailed.clear(); // settings or sources changed: no hover from the old analysis
    if (pullDiagnostics) connection.languages.diagnostics.refresh();
    else for (const d of documents.all()) schedule(d.uri, 0);
  };
  connection.onDidChangeConfiguration(guard('didChangeConfiguration', undefined, () => {
    settings.clear();
    refreshAll();
  }));
  connection.onDidChangeWatchedFiles(guard('didChangeWatchedFiles', undefined, () => {
    settings.clear();
    refreshAll();
  }));

  connection.languages.diagnostics.on(guard('textDocument/diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] }, async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const note = await analysisOf(document);
    const current = documents.get(document.uri) ?? document;
    const version = note.context.text === current.getText() ? current.version : undefined;
    const entry = cache.get(document.uri);
    if (entry && entry.version === version) entry.published = true;
    return {
      kind: DocumentDiagnosticReportKind.Full,
      items: note.analysis.findings.map((f) => findingToDiagnostic(f, note.lines, document.uri, version)),
    };
  }));

  // Trace marks (when tracing): the bench tells where its slowest hover's time went.
  connection.onHover(guard('textDocument/hover', null, async (params, token) => {
    trace('server:hover');
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    // Answered from the last analysis at once, never after a running one.
    const last = await lastAnalysisOf(document);
    trace('server:hover-last');
    if (!last) return null;
    const { change, lines } = last;
    const offset = change.toAnalysed(lines.offsetAt(params.position.line, params.position.character));
    if (offset === undefined) return null; // inside the text changed since: nothing known there yet
    const note = last.at(offset);
    trace('server:hover-view');
    const hover = change.unchanged ? hoverAt(note, offset) : hoverAt(note, offset, {
      keeps: (start, end) => change.keeps(start, end),
      range: (start, end) => {
        const s = change.toCurrent(start);
        const e = change.toCurrent(end);
        return s === undefined || e === undefined ? undefined : rangeOf(lines, s, e);
      },
    });
    trace('server:hover-made');
    return hover;
  }));

  connection.onCodeAction(guard('textDocument/codeAction', [], async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const note = await currentAnalysisOf(document);
    const current = documents.get(document.uri) ?? document;
    const doc = { uri: current.uri, version: current.version, text: current.getText() };
    return [
      ...params.context.diagnostics.flatMap((d) => codeActionsFor(d, doc, note, { versionedEdits })),
      ...fetchCodeActions(note, note.lines.offsetAt(params.range.start.line, params.range.start.character), note.lines.offsetAt(params.range.end.line, params.range.end.character), document.uri),
    ];
  }));

  // The only way the server goes online: the user runs "Fetch cited sources" or its code action.
  connection.onExecuteCommand(guard('workspace/executeCommand', null, async (params, token, workDone) => {
    if (params.command !== FETCH_COMMAND) return null;
    return executeFetchCommand({
      connection, documents, canCreateProgress,
      configFor: (uri) => settings.forDocument(uri),
      onFetched: () => { settings.clear(); refreshAll(); },
    }, params.arguments?.[0], token, workDone, params.workDoneToken !== undefined);
  }));

  connection.onDefinition(guard('textDocument/definition', [], async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const last = await lastAnalysisOf(document);
    if (!last) return [];
    const { change, lines } = last;
    const offset = change.toAnalysed(lines.offsetAt(params.position.line, params.position.character));
    if (offset === undefined) return [];
    const note = last.at();
    if (change.unchanged) return definitionAt(note, offset, document.uri);
    // Only citations the edits left alone, and places in this note moved to where they are now.
    const citations = (note.context.extras.citations as Citation[] | undefined ?? []).filter((c) => change.keeps(c.start, c.end));
    const view: NoteAnalysis = { ...note, context: { ...note.context, extras: { ...note.context.extras, citations } } };
    return definitionAt(view, offset, document.uri).flatMap((location) => {
      if (location.uri !== document.uri) return [location];
      const start = note.lines.offsetAt(location.range.start.line, location.range.start.character);
      const end = note.lines.offsetAt(location.range.end.line, location.range.end.character);
      const s = change.keeps(start, end) ? change.toCurrent(start) : undefined;
      const e = change.keeps(start, end) ? change.toCurrent(end) : undefined;
      return s === undefined || e === undefined ? [] : [{ uri: location.uri, range: rangeOf(lines, s, e) }];
    });
  }));

  connection.onCompletion(guard('textDocument/completion', [], async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    // Completion needs the sources, not fresh findings: the last analysis is fine.
    const last = await lastAnalysisOf(document);
    if (!last) return [];
    const { text } = last;
    return completeCitationKey(last.at().context.sources, text, last.lines.offsetAt(params.position.line, params.position.character));
  }));

  connection.onShutdown(async () => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    await analyzer.close();
  });

  documents.listen(connection);
  connection.listen();
}
