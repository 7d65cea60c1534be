// Every paper a lesson cites in its sources names where in the paper: a section, table, figure,
// appendix, equation, algorithm or the abstract, so that a reader can check the claim.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const LOCATOR = /§\s?\d|\bTables? \d|\bFigures? \d|\bAppendix [A-Z]|\bEq\. ?\d|\bAlgorithm \d|\babstract\b/;
const lessons = readdirSync(__dirname).filter((f) => f.endsWith('.mdx'));

/** The "*Sources: …*" paragraph, cut into one piece per quoted title (a citation and what follows it). */
export function citations(mdx: string): string[] {
  const m = mdx.match(/\*Sources:([^]*?)\*\s*(\n|$)/);
  if (!m) return [];
  const text = m[1].replace(/\s+/g, ' ');
  const starts = [...text.matchAll(/"[^"]+"/g)].map((x) => x.index!);
  return starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length));
}

describe('lesson citations', () => {
  it('the splitter finds each cited paper and catches one without a locator', () => {
    const sample = '*Sources: A. B., "One Paper", ICML 2020, Table 5. C. D., "Another", 2021.*\n';
    expect(citations(sample)).toHaveLength(2);
    expect(citations(sample).filter((c) => !LOCATOR.test(c))).toEqual(['"Another", 2021.']);
  });

  for (const f of lessons) {
    it(`${f}: every cited paper names its section, table or figure`, () => {
      const cites = citations(readFileSync(join(__dirname, f), 'utf8'));
      expect(cites.filter((c) => !LOCATOR.test(c))).toEqual([]);
    });
  }

  it('every lesson that teaches a method cites its sources', () => {
    const without = lessons.filter((f) => !['budget.mdx'].includes(f) && citations(readFileSync(join(__dirname, f), 'utf8')).length === 0);
    expect(without).toEqual([]);
  });
});
