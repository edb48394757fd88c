import { Feedback } from '../model/slack.ts';
import { migrate, type Database } from './database.ts';

const feedbackMigrations = {
  owner: 'feedback',
  steps: [
    `CREATE TABLE feedback (
      answer_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
      channel TEXT NOT NULL,
      question TEXT NOT NULL,
      answer TEXT NOT NULL,
      sources TEXT NOT NULL,
      at TEXT NOT NULL,
      PRIMARY KEY (answer_id, user_id)
    )`,
  ],
};

/** 👍/👎 on answers, with the question, the answer and its sources; a user's later click replaces the earlier one. */
export class FeedbackStore {
  constructor(private readonly db: Database) {
    migrate(db, feedbackMigrations);
  }

  save(feedback: Feedback): void {
    const f = Feedback.parse(feedback);
    this.db
      .prepare(
        `INSERT INTO feedback (answer_id, user_id, rating, channel, question, answer, sources, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (answer_id, user_id) DO UPDATE SET rating = excluded.rating, at = excluded.at`,
      )
      .run(f.answerId, f.user, f.rating, f.channel, f.question, f.answer, JSON.stringify(f.sources), f.at);
  }

  all(): Feedback[] {
    const rows = this.db.prepare('SELECT * FROM feedback ORDER BY at').all() as Record<string, string>[];
    return rows.map((r) =>
      Feedback.parse({
        answerId: r.answer_id,
        user: r.user_id,
        rating: r.rating,
        channel: r.channel,
        question: r.question,
        answer: r.answer,
        sources: JSON.parse(r.sources!),
        at: r.at,
      }),
    );
  }
}
