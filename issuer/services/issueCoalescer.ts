/**
 * Group commit for issuing: while one group of a tenant's issue requests is being signed and
 * logged, requests arriving for that tenant wait and then go together as the next group — one
 * status allocation, one signing call spread over the signing threads, one recording transaction,
 * one log batch. A lone request starts at once (no added latency); under load, single-credential
 * requests get the cost of a batch. A failing group is retried one request at a time, so a problem
 * (say, a credential id two requests both used) is answered to the request that caused it only.
 */
export interface CoalescedWork<Item, Result> {
  readonly items: readonly Item[];
  resolve(results: Result[]): void;
  reject(error: unknown): void;
}

export class IssueCoalescer<Item, Result> {
  readonly #run: (key: string, items: readonly Item[]) => Promise<Result[]>;
  readonly #maxItems: number;
  readonly #queues = new Map<string, CoalescedWork<Item, Result>[]>();
  readonly #running = new Set<string>();

  constructor(run: (key: string, items: readonly Item[]) => Promise<Result[]>, maxItems: number) {
    this.#run = run;
    this.#maxItems = maxItems;
  }

  submit(key: string, items: readonly Item[]): Promise<Result[]> {
    return new Promise<Result[]>((resolve, reject) => {
      const queue = this.#queues.get(key) ?? [];
      queue.push({ items, resolve, reject });
      this.#queues.set(key, queue);
      if (!this.#running.has(key)) void this.#drain(key);
    });
  }

  async #drain(key: string): Promise<void> {
    this.#running.add(key);
    try {
      for (let queue = this.#queues.get(key); queue && queue.length > 0; queue = this.#queues.get(key)) {
        const group: CoalescedWork<Item, Result>[] = [];
        let size = 0;
        while (queue.length > 0 && (group.length === 0 || size + (queue[0]?.items.length ?? 0) <= this.#maxItems)) {
          const work = queue.shift() as CoalescedWork<Item, Result>;
          group.push(work);
          size += work.items.length;
        }
        await this.#runGroup(key, group);
      }
    } finally {
      this.#queues.delete(key);
      this.#running.delete(key);
    }
  }

  async #runGroup(key: string, group: readonly CoalescedWork<Item, Result>[]): Promise<void> {
    try {
      const results = await this.#run(key, group.flatMap((work) => work.items));
      let at = 0;
      for (const work of group) {
        work.resolve(results.slice(at, at + work.items.length));
        at += work.items.length;
      }
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      for (const work of group) {
        try {
          work.resolve(await this.#run(key, work.items));
        } catch (own) {
          work.reject(own);
        }
      }
    }
  }
}
