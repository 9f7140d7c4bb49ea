import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
  InitializeRequest, InitializedNotification, PublishDiagnosticsNotification, type PublishDiagnosticsParams,
  type ClientCapabilities, DidOpenTextDocumentNotification, ConfigurationRequest, RegistrationRequest, LogMessageNotification,
} from 'vscode-languageserver-protocol/node';

export const root = path.join(__dirname, '..', '..');
export const serverPath = path.join(root, 'dist', 'server.js');

/** A minimal LSP client: spawns the bundled server over stdio and records what it publishes. */
export class TestClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  private waiters: (() => void)[] = [];
  stderr = '';
  /** The server's log (window/logMessage), one message a line: a failed wait shows it. */
  log = '';
  configuration: Record<string, unknown> = {};
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];

  /**
   * `nodeArgs` go before the server script (e.g. `--require` a preload that guards the network);
   * `runtime` is the node that runs the server (this process's by default); `env`: variables set
   * (or, undefined, unset) in the server's environment, which is otherwise this process's.
   */
  constructor(nodeArgs: string[] = [], runtime = process.execPath, env: Record<string, string | undefined> = {}) {
    this.process = spawn(runtime, [...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.process.stderr!.on('data', (d) => { this.stderr += String(d); });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.published.get(params.uri) ?? [];
      list.push(params);
      this.published.set(params.uri, list);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => { this.log += `${params.message}\n`; });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.configuration));
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    this.connection.listen();
  }

  /** `debounceMs`: the server's debounce (short by default, so tests need not wait for it). */
  async initialize(capabilities: ClientCapabilities = {}, rootDir = root, debounceMs = 20): Promise<unknown> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(rootDir).href,
      workspaceFolders: [{ uri: pathToFileURL(rootDir).href, name: 'ws' }],
      capabilities,
      initializationOptions: { debounceMs },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'markdown', version, text },
    });
  }

  /** Resolves with the first publication for `uri` that satisfies `accept` (polling on arrival, no sleeps). */
  waitForDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(this.published.get(uri)?.map((p) => p.diagnostics.length))}; log: ${this.log}; stderr: ${this.stderr}`)), timeoutMs);
      const check = (): void => {
        const hit = (this.published.get(uri) ?? []).find(accept);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  async close(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
