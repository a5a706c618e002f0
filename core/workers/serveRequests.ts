import { parentPort } from 'node:worker_threads';
import { answerRequest } from './answerRequest.ts';
import type { BatchMessage, BatchReply, WorkerReply } from './workerPool.ts';

/**
 * The thread side of WorkerPool: answers each `{jobId, ...}` message with the handler's result, or
 * with `{ok: false, message, code}` when it throws (an error object does not survive the thread
 * boundary with its code, so it is flattened here). A batch's jobs run one after another, in
 * order (a job may rely on what an earlier one left on the thread, such as a key); their replies
 * go out together, at the latest every REPLY_EVERY_MS of work, so a verification at the front of
 * a batch is not kept waiting for the ones behind it.
 */
const REPLY_EVERY_MS = 1;

export function serveWorkerRequests<Request extends { jobId: number }, Reply extends WorkerReply>(
  handle: (request: Request) => Promise<Omit<Reply, 'jobId' | 'ok'>>,
): void {
  const port = parentPort;
  if (!port) throw new Error('this module runs only as a worker thread');
  const answer = (request: Request): Promise<WorkerReply> => answerRequest(handle, request);
  port.on('message', (message: Request | BatchMessage<Request>) => {
    if (!('batch' in message)) {
      void answer(message).then((reply) => port.postMessage(reply));
      return;
    }
    void (async () => {
      let replies: WorkerReply[] = [];
      let since = performance.now();
      for (const request of message.batch) {
        replies.push(await answer(request));
        if (performance.now() - since >= REPLY_EVERY_MS) {
          port.postMessage({ replies } satisfies BatchReply);
          replies = [];
          since = performance.now();
        }
      }
      if (replies.length > 0) port.postMessage({ replies } satisfies BatchReply);
    })();
  });
}
