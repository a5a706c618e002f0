import { parentPort } from 'node:worker_threads';
import type { WorkerReply } from './workerPool.ts';

/**
 * The thread side of WorkerPool: answers each `{jobId, ...}` message with the handler's result, or
 * with `{ok: false, message, code}` when it throws (an error object does not survive the thread
 * boundary with its code, so it is flattened here).
 */
export function serveWorkerRequests<Request extends { jobId: number }, Reply extends WorkerReply>(
  handle: (request: Request) => Promise<Omit<Reply, 'jobId' | 'ok'>>,
): void {
  const port = parentPort;
  if (!port) throw new Error('this module runs only as a worker thread');
  port.on('message', (request: Request) => {
    handle(request).then(
      (result) => port.postMessage({ ...result, jobId: request.jobId, ok: true }),
      (error: unknown) => {
        const code = (error as { code?: unknown } | null)?.code;
        port.postMessage({
          jobId: request.jobId,
          ok: false,
          message: error instanceof Error ? error.message : String(error),
          ...(typeof code === 'string' ? { code } : {}),
        } satisfies WorkerReply);
      },
    );
  });
}
