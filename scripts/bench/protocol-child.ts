// Child of scripts/bench.ts: didChange → publishDiagnostics and hovers over stdio (see
// `protocolLatency`), measured from a process of its own, as an editor is: the bench's process
// holds the results of its earlier sections (a 5 MB note's analysis among them), and there the
// client's own reading and parsing of each ~200 KB message took several times as long as in a
// fresh process, which is the client's cost, not the server's. Prints the result as JSON.
import { protocolLatency } from './incremental';
import { generate } from './note';

// Arguments: edits, ms idle after opening, `no-warm-up` to start the server without its warm-up,
// `no-early` without its worker's early analysis of a synced text, the node that runs the server.
const edits = Number(process.argv[2] ?? 30);
const idleMs = Number(process.argv[3] ?? 0);
protocolLatency(generate(100_000), edits, idleMs, process.argv[4] !== 'no-warm-up', process.argv[5] !== 'no-early', process.argv[6] || process.execPath).then((result) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}, (error) => {
  console.error(error);
  process.exitCode = 1;
});
