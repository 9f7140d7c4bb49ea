import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/**
 * The VS Code side: starts the bundled language server over IPC for Markdown, shows the note's
 * counts in the status bar, logs to an output channel and offers "Restart server". Everything
 * about notes happens in the server.
 */
let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Evidence Lens');
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
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
  );

  await client.start();
  updateStatus();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
