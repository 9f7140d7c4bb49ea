// Writes package.json's `contributes` from the rule registry, so the editor's settings always
// list every rule. Run after adding a rule: `npx tsx scripts/gen-settings.ts`. A unit test fails
// when package.json and the registry disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contributes } from './contributes';

const file = path.join(__dirname, '..', 'package.json');
const manifest = JSON.parse(readFileSync(file, 'utf8'));
manifest.contributes = contributes();
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`package.json: ${Object.keys(manifest.contributes.configuration.properties).length} settings written`);
