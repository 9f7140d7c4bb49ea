// Child of scripts/bench/incremental.ts: the memory one parse or one analysis of the bench note
// needs beyond what the loaded process holds (peak RSS minus RSS before, in MB). The note is a
// fresh one (no block or sentence repeats, so nothing is shared between repeated blocks).
import { analyzeNote } from '../../server/src/core/analyze';
import { parseMarkdown } from '../../server/src/core/markdown/parse';
import { freshNote, generate } from './note';

const [mode, size] = process.argv.slice(2);
const text = freshNote(Number(size), 1);
// Warm both paths on a small note so code and lazily built tables are loaded in both modes alike.
analyzeNote(generate(5_000));
parseMarkdown(generate(5_000));
const before = process.memoryUsage().rss;
if (mode === 'parse') parseMarkdown(text);
else analyzeNote(text);
const peak = process.resourceUsage().maxRSS * 1024;
console.log(`peakMb=${((peak - before) / 1e6).toFixed(1)}`);
