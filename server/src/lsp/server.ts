import {
  type Connection, type InitializeParams, type InitializeResult, CodeActionKind, DidChangeConfigurationNotification,
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
import { AnalysisWorker } from '../worker/client';
import { FETCH_COMMAND, executeFetchCommand, fetchCodeActions } from './fetch';

const WATCHED_FILES = ['**/.evidence-lens.{json,yaml,yml}', '**/*.{bib,bibtex,json,yaml,yml,csv,RRF}'];

/**
 * The language server: thin wiring from LSP to the pure core. Every handler catches, logs and
 * returns an empty answer, so no note can take the server down.
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, { version: number; note: NoteAnalysis }>();
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
  // Analysis runs in a worker with a time budget, so no note can block hovers or other notes.
  const analyzer = new AnalysisWorker({}, log);
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

  /** The analysis of the document's current version, computed at most once per version. */
  const analysisOf = async (document: TextDocument): Promise<NoteAnalysis> => {
    for (;;) {
      const current = documents.get(document.uri) ?? document;
      const cached = cache.get(current.uri);
      if (cached && cached.version === current.version) return cached.note;
      const version = current.version;
      const config = await settings.forDocument(current.uri);
      const latest = documents.get(current.uri) ?? current;
      if (latest.version !== version) continue; // the note changed while settings were read
      const outcome = await analyzer.analyze({ key: current.uri, version, text: current.getText(), notePath: uriToPath(current.uri), config });
      if (outcome.kind === 'superseded') {
        if (!documents.get(current.uri)) throw new Error('the document was closed');
        continue; // a newer version is being analysed: wait for that one
      }
      for (const w of outcome.warnings) log(w);
      if (documents.get(current.uri)) cache.set(current.uri, { version, note: outcome.note });
      return outcome.note;
    }
  };

  const publish = guard('publishDiagnostics', undefined, async (uri: string) => {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    const note = await analysisOf(document);
    if (documents.get(uri)?.version !== version) return; // a newer edit will publish
    await connection.sendDiagnostics({
      uri,
      version,
      diagnostics: note.analysis.findings.map((f) => findingToDiagnostic(f, note.lines, uri, version)),
    });
  });

  /** Debounced: typing schedules one analysis after a pause; each new edit cancels the previous. */
  const schedule = (uri: string, delay = debounceMs): void => {
    if (pullDiagnostics) return;
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      void publish(uri);
    }, delay));
  };

  documents.onDidOpen((e) => schedule(e.document.uri, 0));
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    cache.delete(e.document.uri);
    settings.forget(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const refreshAll = (): void => {
    cache.clear();
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
    return {
      kind: DocumentDiagnosticReportKind.Full,
      items: note.analysis.findings.map((f) => findingToDiagnostic(f, note.lines, document.uri, version)),
    };
  }));

  connection.onHover(guard('textDocument/hover', null, async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    const note = await analysisOf(document);
    return hoverAt(note, note.lines.offsetAt(params.position.line, params.position.character));
  }));

  connection.onCodeAction(guard('textDocument/codeAction', [], async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const note = await analysisOf(document);
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
    const note = await analysisOf(document);
    return definitionAt(note, note.lines.offsetAt(params.position.line, params.position.character), document.uri);
  }));

  connection.onCompletion(guard('textDocument/completion', [], async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    // Completion needs the sources, not fresh findings: an analysis one edit old is fine.
    const note = cache.get(document.uri)?.note ?? (await analysisOf(document));
    const text = document.getText();
    return completeCitationKey(note.context.sources, text, new LineIndex(text).offsetAt(params.position.line, params.position.character));
  }));

  connection.onShutdown(async () => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    await analyzer.close();
  });

  documents.listen(connection);
  connection.listen();
}
