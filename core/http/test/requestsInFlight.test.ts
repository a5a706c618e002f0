import test from 'ava';
import { createLogger } from '../logger.ts';
import { listen } from '../listen.ts';
import { requestsInFlight } from '../requestsInFlight.ts';
import { createServiceApp } from '../serviceApp.ts';

/** The count of requests in flight that decides whether a lone verification stays on the event loop. */
test('requests in flight are counted while served and released after, on errors too', async (t) => {
  const seen: number[] = [];
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const app = createServiceApp({
    name: 'gauge-test',
    logger: createLogger({ name: 'test', level: 'silent' }),
    ready: async () => undefined,
    routes: (router) => {
      router.get('/hold', async (ctx) => {
        seen.push(requestsInFlight());
        await held;
        ctx.body = { ok: true };
      });
      router.get('/count', (ctx) => {
        seen.push(requestsInFlight());
        ctx.body = { ok: true };
      });
      router.get('/fail', () => {
        throw new Error('boom');
      });
    },
  });
  const server = await listen(app, 0, '127.0.0.1');
  t.teardown(() => server.close());
  const before = requestsInFlight();
  const holding = fetch(`${server.url}/hold`);
  while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  await fetch(`${server.url}/count`);
  t.deepEqual(seen, [before + 1, before + 2]);
  release();
  await holding;
  t.is((await fetch(`${server.url}/fail`)).status, 500);
  t.is(requestsInFlight(), before);
});
