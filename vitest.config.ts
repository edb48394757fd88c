import { availableParallelism } from 'node:os';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Files known to run long, started first so that the others fill the remaining workers around them. The OCR test
 * alone takes about a minute and a half (tesseract over 12 pages); last in line it would be the whole tail of the run.
 * Without this, a fresh clone (no timings of earlier runs) orders files by size.
 */
const LONG_FIRST = ['ocr.test.ts', 'ingest.test.ts', 'metadata.test.ts', 'sections.test.ts', 'chat.test.ts'];

class LongFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONG_FIRST.findIndex((name) => f.moduleId.endsWith(`/test/${name}`));
      return i < 0 ? LONG_FIRST.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than cores: one worker on CI's two. Test files wait mostly on their own
    // CPU work (parsing, OCR), so every core runs one.
    maxWorkers: availableParallelism(),
    // Makes the run's directory for parses and stores that test files share (test/helpers/corpus.ts).
    globalSetup: ['test/global-setup.ts'],
    sequence: { sequencer: LongFirst },
  },
});
