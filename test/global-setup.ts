// Runs once per `vitest run`, before any test file (also when one file is run alone): makes the run's directory for
// what test files share (test/helpers/corpus.ts) and removes it when the run ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type {} from './helpers/corpus.ts'; // its ProvidedContext declares runCacheDir

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'namndkoll-test-run-'));
  project.provide('runCacheDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
