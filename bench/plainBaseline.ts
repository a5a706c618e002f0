import type { Worker } from 'node:worker_threads';
import { spawnTypeScriptWorker } from '../core/workers/workerPool.ts';
import type { Baseline } from './measure.ts';
import { plainCall, type PlainReference } from './plainVerify.ts';
import type { PlainThreadReply, PlainThreadRequest } from './plainVerifyThread.ts';

/**
 * Where the verify scenarios' plain library call runs (BENCH_PLAIN):
 *  - `event-loop` (the default): on the bench's event loop, in the same V8 isolate and heap as
 *    RadCred's event loop, the issuer and the prepared inputs;
 *  - `thread`: on a worker thread of its own, with its own isolate and heap, asked for one time
 *    slice at a time so the two sides still alternate. Each side's garbage is then collected in its
 *    own time, as it would be in two separate applications.
 */
export type PlainPlacement = 'event-loop' | 'thread';

/** Where the plain call ran, as the results and their notes say it. */
export const PLAIN_PLACEMENT_LABEL: Readonly<Record<PlainPlacement, string>> = {
  'event-loop': 'the event loop',
  thread: 'a worker thread of its own',
};

export interface PlainBaselines {
  /** A baseline that verifies `reference` on every call. */
  baselineFor(reference: PlainReference): Baseline;
  close(): Promise<void>;
}

export function plainBaselines(placement: PlainPlacement): PlainBaselines {
  if (placement === 'event-loop') {
    return { baselineFor: (reference) => plainCall(reference), close: async () => {} };
  }
  let worker: Worker | undefined;
  // One request at a time: the bench asks for a slice and waits for it.
  let last: Promise<unknown> = Promise.resolve();
  const ask = (request: PlainThreadRequest): Promise<number[]> => {
    const thread = (worker ??= spawnTypeScriptWorker(new URL('./plainVerifyThread.ts', import.meta.url), 'radcred-bench-plain'));
    const reply = last.then(
      () =>
        new Promise<number[]>((resolve, reject) => {
          const onError = (error: Error) => reject(error);
          thread.once('error', onError);
          thread.once('message', (message: PlainThreadReply) => {
            thread.off('error', onError);
            if (message.ok) resolve(message.samplesMs);
            else reject(new Error(`plain baseline thread: ${message.message}`));
          });
          thread.postMessage(request);
        }),
    );
    last = reply.catch(() => undefined);
    return reply;
  };
  return {
    baselineFor: (reference) => ({ slice: (minCalls, ms) => ask({ reference, minCalls, ms }) }),
    async close() {
      await worker?.terminate();
      worker = undefined;
    },
  };
}
