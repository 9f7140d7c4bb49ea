import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { traceGc } from '../worker/trace';

// Transport comes from the command line: --stdio (Neovim, other editors), --node-ipc (VS Code).
const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (error) => connection.console.error(`[evidence-lens] uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`[evidence-lens] unhandled rejection: ${String(reason)}`));
traceGc('server');
startServer(connection);
