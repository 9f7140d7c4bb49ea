import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest, LanguageClient, TransportKind, WorkDoneProgress, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';

/** The server's fetch command (server/src/lsp/fetch.ts); the only thing that goes online. */
const SERVER_FETCH_COMMAND = 'evidence-lens.fetchSources';

/**
 * The VS Code side: starts the bundled language server over stdio for Markdown, shows the note's
 * counts in the status bar, logs to an output channel and offers "Restart server". Everything
 * about notes happens in the server.
 */
let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Evidence Lens');
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // Over stdio, not IPC: the server then writes the diagnostics message its analysis worker
  // prepared as it came (server/src/lsp/prepared.ts) instead of building and serialising it on its
  // protocol thread. Nothing else reaches the server's stdout (server/src/lsp/main.ts).
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    synchronize: {
      configurationSection: 'evidenceLens',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{.evidence-lens.json,.evidence-lens.yaml,.evidence-lens.yml,*.bib,*.json,*.csv,*.RRF}'),
    },
    outputChannel: output,
    // The code action "Fetch abstract for …" runs the server's command: show it like the palette commands.
    middleware: {
      executeCommand: (command, args, next) => (command === SERVER_FETCH_COMMAND ? fetchWithProgress(args[0]) : next(command, args)),
    },
    initializationOptions: { debounceMs: vscode.workspace.getConfiguration('evidenceLens').get<number>('debounceMs', 250) },
  };

  client = new LanguageClient('evidenceLens', 'Evidence Lens', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  status.name = 'Evidence Lens';
  status.command = 'workbench.actions.view.problems';
  const updateStatus = (): void => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'markdown') {
      status.hide();
      return;
    }
    const diagnostics = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'evidence-lens');
    const count = (s: vscode.DiagnosticSeverity): number => diagnostics.filter((d) => d.severity === s).length;
    const errors = count(vscode.DiagnosticSeverity.Error);
    const warnings = count(vscode.DiagnosticSeverity.Warning);
    const notes = count(vscode.DiagnosticSeverity.Information) + count(vscode.DiagnosticSeverity.Hint);
    status.text = `$(beaker) Evidence: ${errors} $(error) ${warnings} $(warning) ${notes} $(info)`;
    status.tooltip = `Evidence Lens: ${errors} errors, ${warnings} warnings, ${notes} notes in this note`;
    status.show();
  };

  context.subscriptions.push(
    output,
    status,
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.commands.registerCommand('evidenceLens.restartServer', async () => {
      output.appendLine('Restarting the Evidence Lens server…');
      await client?.restart();
    }),
    vscode.commands.registerCommand('evidenceLens.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('evidenceLens.fetchCitedSources', async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target || target.scheme !== 'file') {
        void vscode.window.showInformationMessage('Evidence Lens: open a saved Markdown note to fetch the papers it cites.');
        return undefined;
      }
      return fetchWithProgress({ uris: [target.toString()] });
    }),
    vscode.commands.registerCommand('evidenceLens.fetchCitedSourcesWorkspace', async () => {
      const files = await vscode.workspace.findFiles('**/*.{md,markdown}', '{**/node_modules/**,**/.git/**,**/.evidence-lens/**}');
      if (!files.length) {
        void vscode.window.showInformationMessage('Evidence Lens: no Markdown notes in this workspace.');
        return undefined;
      }
      return fetchWithProgress({ uris: markdownUris(files) });
    }),
  );

  await client.start();
  updateStatus();
}

/**
 * Runs the server's fetch command under a cancellable progress notification; the server reports
 * progress through the work-done token and answers with a summary (it shows the outcome itself).
 */
async function fetchWithProgress(args: unknown): Promise<unknown> {
  if (!client) return undefined;
  const c = client;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Evidence Lens: fetching cited sources', cancellable: true },
    async (progress, token) => {
      const workDoneToken = `evidence-lens-fetch-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      let last = 0;
      const listener = c.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const pct = typeof value.percentage === 'number' ? value.percentage : last;
        progress.report({ message: value.message, increment: Math.max(0, pct - last) });
        last = Math.max(last, pct);
      });
      try {
        return await c.sendRequest(ExecuteCommandRequest.type, { command: SERVER_FETCH_COMMAND, arguments: [args], workDoneToken }, token);
      } catch (error) {
        // Cancelled by the user: the server keeps what it saved and says so; nothing to add.
        if (token.isCancellationRequested) return undefined;
        void vscode.window.showErrorMessage(`Evidence Lens: fetching failed: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      } finally {
        listener.dispose();
      }
    },
  );
}

function markdownUris(uris: vscode.Uri[]): string[] {
  return uris.filter((u) => u.scheme === 'file').map((u) => u.toString());
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
