// A second Node runtime for the bench's keystroke line: the server's latency right after opening a
// long note is bound by how fast V8 compiles the analysis's code (scripts/bench/incremental.ts), and
// that depends on the V8 the server runs on. VS Code runs the server in its own Electron runtime,
// whose V8 is Chromium's (13.8 in Electron 37), newer than Node 20's (11.3); other editors run it on
// the `node` they find. The bench times the server on this process's Node and on a newer one.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export interface Runtime {
  /** The node executable. */
  path: string;
  /** Its `process.versions.node` and `process.versions.v8`. */
  node: string;
  v8: string;
  /** Where it came from: the environment variable, or the npm registry (and the cache it went to). */
  from: string;
}

/** The Node major the bench fetches when no runtime is named: the current LTS, V8 13.6. */
export const NEWER_NODE_MAJOR = 24;
/** Names another node executable for the bench's second keystroke line, or `off` to skip that line. */
export const RUNTIME_VARIABLE = 'EVIDENCE_LENS_BENCH_NODE';

/** The versions a node executable reports, or why it could not be run. */
export function probeRuntime(executable: string): { node: string; v8: string } | { error: string } {
  if (!existsSync(executable)) return { error: `${executable} does not exist` };
  const run = spawnSync(executable, ['-p', 'process.versions.node + " " + process.versions.v8'], { encoding: 'utf8', timeout: 30_000 });
  if (run.error) return { error: `${executable} could not be run: ${run.error.message}` };
  const [node, v8] = run.stdout.trim().split(' ');
  if (run.status !== 0 || !node || !v8) return { error: `${executable} did not report its versions (exit ${run.status}): ${run.stderr.trim().split('\n')[0] ?? ''}` };
  return { node, v8 };
}

/** The npm package that holds Node's binary for this platform (the registry's `node-<os>-<arch>`), if there is one. */
export function nodePackageName(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string | undefined {
  const os = platform === 'linux' ? 'linux' : platform === 'darwin' ? 'darwin' : platform === 'win32' ? 'win' : undefined;
  return os && (arch === 'x64' || arch === 'arm64') ? `node-${os}-${arch}` : undefined;
}

/**
 * The runtime for the bench's second keystroke line: the one `EVIDENCE_LENS_BENCH_NODE` names;
 * none when it says `off`, or when this process already runs on Node 24 or later; else Node 24's
 * binary from the npm registry, fetched once into `cacheDir`. Never throws: a runtime that cannot
 * be had gives the reason, which the bench prints instead of the line.
 */
export function newerRuntime(cacheDir: string, env: NodeJS.ProcessEnv = process.env): Runtime | { skipped: string } {
  const named = env[RUNTIME_VARIABLE]?.trim();
  if (named === 'off') return { skipped: `${RUNTIME_VARIABLE}=off` };
  if (named) {
    const probe = probeRuntime(named);
    return 'error' in probe ? { skipped: `${RUNTIME_VARIABLE}: ${probe.error}` } : { path: named, ...probe, from: RUNTIME_VARIABLE };
  }
  if (Number(process.versions.node.split('.')[0]) >= NEWER_NODE_MAJOR) return { skipped: `this process already runs on Node ${process.versions.node}` };
  const pkg = nodePackageName();
  if (!pkg) return { skipped: `no Node binary package on npm for ${process.platform}-${process.arch}; name one with ${RUNTIME_VARIABLE}` };
  const dir = path.join(cacheDir, `${pkg}-${NEWER_NODE_MAJOR}`);
  const executable = path.join(dir, 'package', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(executable)) {
    // `npm pack` fetches the package's tarball (about 50 MB) from the registry without installing it.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const pack = spawnSync('npm', ['pack', `${pkg}@${NEWER_NODE_MAJOR}`, '--pack-destination', dir, '--silent'], { encoding: 'utf8', shell: process.platform === 'win32', timeout: 600_000 });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (pack.status !== 0 || !tarball) {
      rmSync(dir, { recursive: true, force: true });
      return { skipped: `npm pack ${pkg}@${NEWER_NODE_MAJOR} failed (exit ${pack.status}): ${(pack.stderr ?? '').trim().split('\n').at(-1) ?? ''}; name a runtime with ${RUNTIME_VARIABLE}` };
    }
    const untar = spawnSync('tar', ['xzf', tarball], { cwd: dir, encoding: 'utf8' });
    rmSync(path.join(dir, tarball), { force: true });
    if (untar.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      return { skipped: `could not unpack ${tarball}: ${(untar.stderr ?? '').trim()}` };
    }
  }
  const probe = probeRuntime(executable);
  return 'error' in probe ? { skipped: probe.error } : { path: executable, ...probe, from: `npm ${pkg}@${NEWER_NODE_MAJOR}, kept in ${dir}` };
}
