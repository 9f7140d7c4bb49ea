import { format } from 'node:util';
import { Writable } from 'node:stream';
import { createConnection, ProposedFeatures, type Connection, type MessageReader } from 'vscode-languageserver/node';
import { startServer } from './server';
import { traceGc } from '../worker/trace';
import { preparedWriter } from './prepared';
import { describeBudget, setInliningBudget } from './inlining';

// First, before the analysis worker starts: V8's inlining budget on Node 20 (see inlining.ts).
const inlining = setInliningBudget();

// Transport comes from the command line: --stdio (VS Code's extension, Neovim, other editors), --node-ipc.
// Over stdio the connection's writer writes the diagnostics the analysis worker prepared as they
// are (lsp/prepared.ts); other transports serialise messages themselves.
const transport = process.argv.slice(2).find((arg) => /^--(?:stdio|node-ipc|socket|pipe)(?:=|$)/.test(arg));
const stdio = transport === '--stdio';
// (The library takes the input as a stream next to a writer, and then exits when the stream ends as
// it does for --stdio; its types only offer two streams or a reader and a writer.)
const connection = stdio
  ? createConnection(ProposedFeatures.all, process.stdin as unknown as MessageReader, preparedWriter(protocolChannel(process.stdout)))
  : createConnection(ProposedFeatures.all);
if (stdio) keepConsoleOffStdout(connection);
if (inlining.budget !== undefined) connection.console.log(`[evidence-lens] ${describeBudget(inlining.budget)}`);
else if (inlining.error) connection.console.warn(`[evidence-lens] ${inlining.reason}`);
process.on('uncaughtException', (error) => connection.console.error(`[evidence-lens] uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`[evidence-lens] unhandled rejection: ${String(reason)}`));
traceGc('server');
startServer(connection, { preparedDiagnostics: stdio });

/**
 * stdout as the protocol's own channel: the returned stream writes to it; anything else that writes
 * to `process.stdout` (a dependency, a stray debug line) goes to stderr instead (the client's log),
 * so no byte ever lands between two messages' frames.
 */
function protocolChannel(stdout: NodeJS.WriteStream): NodeJS.WritableStream {
  const write = stdout.write.bind(stdout) as (chunk: Uint8Array | string, callback: (error?: Error | null) => void) => boolean;
  stdout.write = process.stderr.write.bind(process.stderr) as typeof stdout.write;
  const channel = new Writable({ write: (chunk: Uint8Array, _encoding, done) => { write(chunk, done); } });
  // The client went away: the connection hears of it as it would from stdout itself.
  stdout.on('error', (error) => channel.destroy(error));
  stdout.on('close', () => channel.destroy());
  return channel;
}

/**
 * stdout is the protocol's channel: console output goes to the client's log instead (what the
 * library does when it opens stdio itself; here it is given the streams, for the writer above).
 */
function keepConsoleOffStdout(to: Connection): void {
  console.log = (...args: unknown[]) => to.console.log(format(...args));
  console.info = (...args: unknown[]) => to.console.info(format(...args));
  console.debug = (...args: unknown[]) => to.console.log(format(...args));
  console.warn = (...args: unknown[]) => to.console.warn(format(...args));
  console.error = (...args: unknown[]) => to.console.error(format(...args));
  console.trace = (...args: unknown[]) => to.console.log(`${format(...args)}\n${new Error().stack ?? ''}`);
  console.dir = (value: unknown) => to.console.log(format(value));
  console.table = (value: unknown) => to.console.log(format(value));
}
