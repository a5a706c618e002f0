import { parentPort } from 'node:worker_threads';
import { runSlice } from './measure.ts';
import { plainCall, type PlainReference } from './plainVerify.ts';

/**
 * The plain library call on a worker thread of its own (BENCH_PLAIN=thread): its own V8 isolate
 * and heap, so neither side's garbage is collected in the other's time. Asked for one slice at a
 * time by measureInterleavedConcurrent, so the two sides still alternate.
 */
export type PlainThreadRequest =
  | { readonly kind: 'use'; readonly reference: PlainReference }
  | { readonly kind: 'slice'; readonly minCalls: number; readonly ms: number };

export type PlainThreadReply = { readonly ok: true; readonly samplesMs: number[] } | { readonly ok: false; readonly message: string };

const port = parentPort;
if (!port) throw new Error('plainVerifyThread.ts runs as a worker thread');
let call: (() => Promise<void>) | undefined;

port.on('message', (request: PlainThreadRequest) => {
  const answer = async (): Promise<PlainThreadReply> => {
    if (request.kind === 'use') {
      call = plainCall(request.reference);
      return { ok: true, samplesMs: [] };
    }
    if (!call) throw new Error('no reference document was given');
    return { ok: true, samplesMs: await runSlice(call, request.minCalls, request.ms) };
  };
  answer().then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) } satisfies PlainThreadReply),
  );
});
