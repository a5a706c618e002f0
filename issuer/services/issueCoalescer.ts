/**
 * Group commit for issuing: requests for one tenant that arrive while its earlier groups are being
 * signed and recorded wait and then go together as the next group — one status allocation, one
 * signing call spread over the signing threads, one recording statement, one log batch. Requests
 * submitted in the same turn of the event loop always share a group: when a group's receipts
 * answer many clients at once and they all issue again, starting the first alone split them into
 * a lone group and the rest (the 32-client closed loop measured 766/s that way, 1,008–1,062/s
 * grouped; bench/FINDINGS.md). A lone request starts at the end of its turn (no added wait); under
 * load, single-credential requests get the cost of a batch. While a group is in progress, the next
 * one lingers a few milliseconds so that more requests join it, then starts — `maxGroups` per
 * tenant may be in progress at once (default two; issuing uses three), so one group's database
 * work overlaps another's signing. A failing group is retried one request at a time, so a problem
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
  readonly #maxGroups: number;
  readonly #queues = new Map<string, CoalescedWork<Item, Result>[]>();
  readonly #lingerMs: number;
  readonly #inProgress = new Map<string, number>();
  readonly #lingering = new Set<string>();
  readonly #scheduled = new Set<string>();

  constructor(
    run: (key: string, items: readonly Item[]) => Promise<Result[]>,
    options: { maxItems: number; maxGroups?: number; lingerMs?: number },
  ) {
    this.#run = run;
    this.#maxItems = options.maxItems;
    this.#maxGroups = options.maxGroups ?? 2;
    this.#lingerMs = options.lingerMs ?? 3;
  }

  submit(key: string, items: readonly Item[]): Promise<Result[]> {
    return new Promise<Result[]>((resolve, reject) => {
      const queue = this.#queues.get(key) ?? [];
      queue.push({ items, resolve, reject });
      this.#queues.set(key, queue);
      // At the end of this turn of the event loop, not now: requests that arrive together (the
      // clients a group's receipts just answered) then go as one group, not a lone one and the rest.
      if (this.#scheduled.has(key)) return;
      this.#scheduled.add(key);
      setImmediate(() => {
        this.#scheduled.delete(key);
        this.#startGroups(key);
      });
    });
  }

  #startGroups(key: string): void {
    if (this.#lingering.has(key)) return;
    const queue = this.#queues.get(key);
    const inProgress = this.#inProgress.get(key) ?? 0;
    const waiting = queue?.reduce((n, work) => n + work.items.length, 0) ?? 0;
    if (inProgress > 0 && inProgress < this.#maxGroups && waiting > 0 && waiting < this.#maxItems && this.#lingerMs > 0) {
      this.#lingering.add(key);
      setTimeout(() => {
        this.#lingering.delete(key);
        this.#take(key);
      }, this.#lingerMs);
      return;
    }
    this.#take(key);
  }

  /** Starts groups from the queue while fewer than the maximum are in progress. */
  #take(key: string): void {
    const queue = this.#queues.get(key);
    while (queue && queue.length > 0 && (this.#inProgress.get(key) ?? 0) < this.#maxGroups) {
      const group: CoalescedWork<Item, Result>[] = [];
      let size = 0;
      while (queue.length > 0 && (group.length === 0 || size + (queue[0]?.items.length ?? 0) <= this.#maxItems)) {
        const work = queue.shift() as CoalescedWork<Item, Result>;
        group.push(work);
        size += work.items.length;
      }
      this.#inProgress.set(key, (this.#inProgress.get(key) ?? 0) + 1);
      void this.#runGroup(key, group).finally(() => {
        const left = (this.#inProgress.get(key) ?? 1) - 1;
        if (left === 0) this.#inProgress.delete(key);
        else this.#inProgress.set(key, left);
        if (queue.length === 0 && left === 0) this.#queues.delete(key);
        this.#startGroups(key);
      });
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
