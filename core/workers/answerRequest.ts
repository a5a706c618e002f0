import type { WorkerReply } from './workerPool.ts';

/**
 * One request answered as a thread answers it: the handler's result with `{jobId, ok: true}`, or
 * `{jobId, ok: false, message, code?}` when it throws. Also used where the same handler runs on the
 * event loop instead (proofJobQueue.ts), so that both places answer alike.
 */
export function answerRequest<Request extends { jobId: number }, Reply extends WorkerReply>(
  handle: (request: Request) => Promise<Omit<Reply, 'jobId' | 'ok'>>,
  request: Request,
): Promise<WorkerReply> {
  return handle(request).then(
    (result) => ({ ...result, jobId: request.jobId, ok: true }),
    (error: unknown) => {
      const code = (error as { code?: unknown } | null)?.code;
      return {
        jobId: request.jobId,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        ...(typeof code === 'string' ? { code } : {}),
      };
    },
  );
}
