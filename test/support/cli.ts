import { PassThrough, Readable } from 'node:stream';
import { main } from '../../server/src/cli/main';

/** Runs the CLI's `main` in this process with captured stdout/stderr and the given stdin. */
export async function runCli(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => { out += d; });
  stderr.on('data', (d) => { err += d; });
  const code = await main(args, { stdout: stdout as never, stderr: stderr as never, stdin: Readable.from([stdin]) as never });
  return { code, out, err };
}
