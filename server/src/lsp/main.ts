import { format } from 'node:util';
import { createConnection, ProposedFeatures, type Connection, type MessageReader } from 'vscode-languageserver/node';
import { startServer } from './server';
import { traceGc } from '../worker/trace';
import { preparedWriter } from './prepared';

// Transport comes from the command line: --stdio (Neovim, other editors), --node-ipc (VS Code).
// Over stdio the connection's writer writes the diagnostics the analysis worker prepared as they
// are (lsp/prepared.ts); other transports serialise messages themselves.
const transport = process.argv.slice(2).find((arg) => /^--(?:stdio|node-ipc|socket|pipe)(?:=|$)/.test(arg));
const stdio = transport === '--stdio';
// (The library takes the input as a stream next to a writer, and then exits when the stream ends as
// it does for --stdio; its types only offer two streams or a reader and a writer.)
const connection = stdio
  ? createConnection(ProposedFeatures.all, process.stdin as unknown as MessageReader, preparedWriter(process.stdout))
  : createConnection(ProposedFeatures.all);
if (stdio) keepConsoleOffStdout(connection);
process.on('uncaughtException', (error) => connection.console.error(`[evidence-lens] uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`[evidence-lens] unhandled rejection: ${String(reason)}`));
traceGc('server');
startServer(connection, { preparedDiagnostics: stdio });

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
