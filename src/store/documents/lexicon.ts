import type { Database } from '../database.ts';
import { lexiconWords } from '../../text/lexicon.ts';

/**
 * The stored documents' vocabulary with, per folded word, how many documents use it: kept as documents are saved
 * and deleted, so that reading it (for every English question) costs one indexed scan, not a read of every
 * document. A document's words are read from its stored rows (title, section headings and text, table captions,
 * headers and cells), the same way when it is added, when it is deleted and when an older store is filled.
 */
export function countDocumentWords(db: Database, id: string, delta: 1 | -1): void {
  const words = [...lexiconWords(storedTexts(db, id))];
  if (!words.length) return;
  const json = JSON.stringify(words);
  if (delta > 0) {
    db.prepare(
      `INSERT INTO lexicon (word, documents) SELECT value, 1 FROM json_each(?) WHERE true
       ON CONFLICT (word) DO UPDATE SET documents = documents + 1`,
    ).run(json);
  } else {
    db.prepare('UPDATE lexicon SET documents = documents - 1 WHERE word IN (SELECT value FROM json_each(?))').run(json);
    db.prepare('DELETE FROM lexicon WHERE documents <= 0 AND word IN (SELECT value FROM json_each(?))').run(json);
  }
}

/** Migration step: the words of every document stored before the lexicon was kept. */
export function fillLexicon(db: Database): void {
  for (const id of db.prepare('SELECT id FROM documents').pluck().all() as string[]) countDocumentWords(db, id, 1);
}

/** The vocabulary, sorted. */
export function storedLexicon(db: Database): string[] {
  return db.prepare('SELECT word FROM lexicon ORDER BY word').pluck().all() as string[];
}

function* storedTexts(db: Database, id: string): Generator<string> {
  const title = db.prepare('SELECT title FROM documents WHERE id = ?').pluck().get(id) as string | undefined;
  if (title) yield title;
  for (const s of db.prepare('SELECT heading, text FROM sections WHERE document_id = ?').iterate(id) as Iterable<{ heading: string; text: string }>) {
    yield `${s.heading}\n${s.text}`;
  }
  for (const t of db.prepare('SELECT caption, header, rows FROM doc_tables WHERE document_id = ?').iterate(id) as Iterable<{ caption: string; header: string; rows: string }>) {
    yield [t.caption, ...(JSON.parse(t.header) as string[][]).flat(), ...(JSON.parse(t.rows) as string[][]).flat()].join(' ');
  }
}
