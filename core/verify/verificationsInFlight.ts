/**
 * How many signature checks callers of this process are waiting for right now: each credential
 * checked on its own and each presentation (its embedded credentials count with it). With
 * requestsInFlight (core/http), it tells whether a verification is alone (proofJobQueue.ts).
 */
let inFlight = 0;

export function verificationsInFlight(): number {
  return inFlight;
}

/** Runs `work` counted as one verification in flight. */
export async function countedVerification<T>(work: () => Promise<T>): Promise<T> {
  inFlight += 1;
  try {
    return await work();
  } finally {
    inFlight -= 1;
  }
}
