/** Failed pages grouped by problem, one phrase each: `pages 1–3, 7 failed: the page has no text layer …`. */
export function describeFailedPages(pages: { page: number; problem: string }[]): string[] {
  const byProblem = new Map<string, number[]>();
  for (const p of pages) byProblem.set(p.problem, [...(byProblem.get(p.problem) ?? []), p.page]);
  return [...byProblem].map(([problem, numbers]) => {
    const ranges: string[] = [];
    for (let i = 0; i < numbers.length; ) {
      let j = i;
      while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
      ranges.push(j > i ? `${numbers[i]}–${numbers[j]}` : `${numbers[i]}`);
      i = j + 1;
    }
    return `${numbers.length === 1 ? 'page' : 'pages'} ${ranges.join(', ')} failed: ${problem}`;
  });
}
