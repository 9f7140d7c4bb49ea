// npm run eval -- <kind> FILE...   Scores the engine on an annotated corpus you pass it.
// Kinds: statistics (statcheck JSONL), drugs (DDI JSONL), claims (press-release CSV),
// hedges (BioScope JSONL), exaggeration (InSciOut JSONL), realworld (a folder of notes + gold.jsonl). Each kind lives in scripts/eval/<kind>.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';

async function main(): Promise<number> {
  const [kind, ...args] = process.argv.slice(2);
  const kinds = ['statistics', 'drugs', 'claims', 'hedges', 'exaggeration', 'realworld'];
  if (!kind || !kinds.includes(kind)) {
    console.error(`usage: npm run eval -- <${kinds.join('|')}> FILE`);
    return 2;
  }
  for (const file of args.filter((a) => !a.startsWith('--'))) {
    if (!existsSync(file)) {
      console.error(`eval: no such file: ${file}`);
      return 2;
    }
  }
  const module = await import(path.join(__dirname, 'eval', `${kind}.ts`));
  await module.run(args);
  return 0;
}

main().then((code) => { process.exitCode = code; }, (error) => {
  console.error(`eval: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
