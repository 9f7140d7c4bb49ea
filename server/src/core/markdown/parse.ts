import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMath from 'remark-math';
import type { Root } from 'mdast';

// One frozen processor: building it is the expensive part, parsing is per keystroke.
const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .use(remarkMath)
  .freeze();

/** Parses Markdown (CommonMark + GFM + front matter + math) into mdast with offsets. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text) as Root;
}
