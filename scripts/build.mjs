// Bundles the VS Code client, the language server and the CLI with esbuild (one file each, so the
// extension starts fast and the VSIX needs no node_modules).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/run.ts'], outfile: 'dist/cli.js' }),
  // The server and the CLI run analyses in this worker thread (server/src/worker/client.ts).
  build({ ...common, entryPoints: ['server/src/worker/analysis-worker.ts'], outfile: 'dist/analysis-worker.js' }),
]);
console.log('built dist/extension.js, dist/server.js, dist/cli.js, dist/analysis-worker.js');
