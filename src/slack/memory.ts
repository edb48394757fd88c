import type { Turn } from '../app/conversation.ts';

/** Bounded maps for what the bot must remember between events: a thread's last turn, and answers for feedback. */
export class BoundedMap<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly max = 2000) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }
}

export interface Memory {
  /** `channel:thread_ts` → the thread's last turn. */
  threads: BoundedMap<Turn>;
  /** answer id → the turn and where it was posted, for feedback. */
  answers: BoundedMap<Turn & { channel: string }>;
}

export function newMemory(): Memory {
  return { threads: new BoundedMap(), answers: new BoundedMap() };
}
