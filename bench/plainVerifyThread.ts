import { parentPort } from 'node:worker_threads';
import { runSlice } from './measure.ts';
import { plainCall, type PlainReference } from './plainVerify.ts';

/**
 * The plain library call on a worker thread of its own (BENCH_PLAIN=thread): its own V8 isolate
 * and heap, so neither side's garbage is collected in the other's time. Asked for one slice at a
 * time by measureInterleavedConcurrent, so the two sides still alternate. Each request carries the
 * document to verify, so baselines of different documents can be used in any order.
 */
export interface PlainThreadRequest {
  readonly reference: PlainReference;
  readonly minCalls: number;
  readonly ms: number;
}

export type PlainThreadReply = { readonly ok: true; readonly samplesMs: number[] } | { readonly ok: false; readonly message: string };

const port = parentPort;
if (!port) throw new Error('plainVerifyThread.ts runs as a worker thread');

port.on('message', (request: PlainThreadRequest) => {
  const answer = async (): Promise<PlainThreadReply> => ({ ok: true, samplesMs: await runSlice(plainCall(request.reference), request.minCalls, request.ms) });
  answer().then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) } satisfies PlainThreadReply),
  );
});
