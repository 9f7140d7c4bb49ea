import { main } from './main';

// The bundle's entry: bin/evidence-lens.js requires it.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
