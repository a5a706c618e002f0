import type { Context, Next } from 'koa';

/**
 * How many HTTP requests this process is serving right now, across every service in it (they share
 * one event loop). Work that could run on the event loop or on a worker thread asks this: a request
 * alone may take the event loop's time, but one among others must not make them wait.
 */
let inFlight = 0;

export function requestsInFlight(): number {
  return inFlight;
}

export function countRequestsInFlight() {
  return async function countRequest(_ctx: Context, next: Next): Promise<void> {
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
    }
  };
}
