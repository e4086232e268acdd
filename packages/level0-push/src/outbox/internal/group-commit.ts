import type { Scheduler } from './schedule';

interface Caller<I, O> {
  items: readonly I[];
  resolve: (outcomes: O[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes the items of every caller that arrived before the scheduled flush in one commit, then settles each
 * caller with its own outcomes. While an asynchronous commit is in flight the next group forms, and it is
 * committed as soon as the first one settles: under load, groups grow instead of queueing commits.
 */
export class GroupCommit<I, O> {
  readonly #schedule: Scheduler;
  readonly #commit: (groups: readonly (readonly I[])[]) => O[][] | Promise<O[][]>;
  #queue: Caller<I, O>[] = [];
  #scheduled = false;
  #inFlight: Promise<void> | undefined;

  /**
   * @param schedule When to flush after the first caller of a group arrives.
   * @param commit Writes every caller's items in one transaction and returns one outcome array per caller,
   * in the same order. Throwing (or rejecting) fails every caller of the group: nothing of it was stored.
   */
  constructor(schedule: Scheduler, commit: (groups: readonly (readonly I[])[]) => O[][] | Promise<O[][]>) {
    this.#schedule = schedule;
    this.#commit = commit;
  }

  /** Queues `items` for the next group; resolves with their outcomes once that group is committed. */
  submit(items: readonly I[]): Promise<O[]> {
    return new Promise<O[]>((resolve, reject) => {
      this.#queue.push({ items, resolve, reject });
      if (!this.#scheduled && this.#inFlight === undefined) {
        this.#scheduled = true;
        this.#schedule(() => {
          this.#scheduled = false;
          this.#flush();
        });
      }
    });
  }

  /** Commits what is queued now and waits until no commit is in flight. */
  async drain(): Promise<void> {
    for (;;) {
      if (this.#inFlight !== undefined) await this.#inFlight;
      else if (this.#queue.length > 0) this.#flush();
      else return;
    }
  }

  #flush(): void {
    if (this.#inFlight !== undefined) return;
    const group = this.#queue;
    if (group.length === 0) return;
    this.#queue = [];
    let result: O[][] | Promise<O[][]>;
    try {
      result = this.#commit(group.map((caller) => caller.items));
    } catch (error) {
      for (const caller of group) caller.reject(error);
      return;
    }
    if (!(result instanceof Promise)) {
      settle(group, result);
      return;
    }
    this.#inFlight = result.then(
      (outcomes) => settle(group, outcomes),
      (error: unknown) => {
        for (const caller of group) caller.reject(error);
      },
    );
    void this.#inFlight.finally(() => {
      this.#inFlight = undefined;
      this.#flush();
    });
  }
}

function settle<I, O>(group: readonly Caller<I, O>[], outcomes: O[][]): void {
  group.forEach((caller, index) => {
    caller.resolve(outcomes[index] ?? []);
  });
}
