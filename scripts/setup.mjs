// One-step set-up for a fresh clone: installs dependencies when they are missing or stale, then
// builds the bundles. `npm start` and `npm test` both run it first.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });
const installed = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('evidence-lens setup: installing dependencies (npm ci)…');
  run('npm ci --no-audit --no-fund');
}
run('node scripts/build.mjs');
