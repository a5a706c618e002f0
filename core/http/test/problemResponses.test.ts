import test from 'ava';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { createServiceApp, listen, createLogger, parseOrProblem, type RunningServer } from '../index.ts';

const logLines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    logLines.push(chunk.toString('utf8'));
    done();
  },
});
let notReadyReason: string | undefined;
let server: RunningServer;

test.before(async () => {
  const logger = createLogger({ name: 'test', destination: sink });
  const app = createServiceApp({
    name: 'test-service',
    logger,
    ready: async () => notReadyReason,
    routes: (router) => {
      router.post('/echo', (ctx) => {
        const body = parseOrProblem(z.object({ name: z.string().min(1), count: z.number().int() }), ctx.request.jsonBody);
        ctx.body = body;
      });
      router.get('/requests/:id/:secret', (ctx) => {
        ctx.body = { ok: true };
      });
      router.get('/boom', () => {
        throw new Error('secret internal detail at /srv/db.ts:42');
      });
    },
  });
  server = await listen(app, 0);
});
test.after.always(async () => server.close());

async function post(path: string, body: string | Buffer, contentType = 'application/json', headers: Record<string, string> = {}) {
  return fetch(server.url + path, { method: 'POST', body, headers: { 'content-type': contentType, ...headers } });
}

test('a valid JSON body reaches the route', async (t) => {
  const res = await post('/echo', JSON.stringify({ name: 'Rivera', count: 3 }));
  t.is(res.status, 200);
  t.deepEqual(await res.json(), { name: 'Rivera', count: 3 });
});

test('unknown routes answer 404 problem+json', async (t) => {
  const res = await fetch(server.url + '/nope');
  t.is(res.status, 404);
  t.is(res.headers.get('content-type'), 'application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  t.is(body.type, 'https://w3id.org/radcred/problems/not-found');
  t.is(body.status, 404);
  t.regex(String(body.detail), /GET \/nope/);
});

test('a wrong method answers 405 with an Allow header', async (t) => {
  const res = await fetch(server.url + '/echo', { method: 'DELETE' });
  t.is(res.status, 405);
  t.is(res.headers.get('allow'), 'POST');
  const body = (await res.json()) as Record<string, unknown>;
  t.is(body.type, 'https://w3id.org/radcred/problems/method-not-allowed');
});

test('malformed JSON answers 400 and names the parse failure', async (t) => {
  const res = await post('/echo', '{"name": "Rivera",');
  t.is(res.status, 400);
  const body = (await res.json()) as Record<string, unknown>;
  t.is(body.type, 'https://w3id.org/radcred/problems/malformed-json');
  t.truthy(body.detail);
});

test('a body over 1 MiB answers 413', async (t) => {
  const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), count: 1 });
  const res = await post('/echo', big);
  t.is(res.status, 413);
  const body = (await res.json()) as Record<string, unknown>;
  t.is(body.type, 'https://w3id.org/radcred/problems/body-too-large');
});

test('a body nested deeper than the limit answers 400', async (t) => {
  const deep = '['.repeat(200) + ']'.repeat(200);
  const res = await post('/echo', deep);
  t.is(res.status, 400);
  t.is(((await res.json()) as Record<string, unknown>).type, 'https://w3id.org/radcred/problems/body-too-deep');
});

test('a non-JSON content type answers 415', async (t) => {
  const res = await post('/echo', 'name=Rivera', 'application/x-www-form-urlencoded');
  t.is(res.status, 415);
  t.is(((await res.json()) as Record<string, unknown>).type, 'https://w3id.org/radcred/problems/unsupported-media-type');
});

test('a body failing its schema answers 422 naming each field', async (t) => {
  const res = await post('/echo', JSON.stringify({ name: '', count: 1.5 }));
  t.is(res.status, 422);
  const body = (await res.json()) as { type: string; errors: Array<{ path: string }> };
  t.is(body.type, 'https://w3id.org/radcred/problems/validation-failed');
  t.deepEqual(body.errors.map((e) => e.path).sort(), ['count', 'name']);
});

test('an unexpected error answers a generic 500 without internals', async (t) => {
  const res = await fetch(server.url + '/boom');
  t.is(res.status, 500);
  const text = await res.text();
  t.false(text.includes('secret internal detail'));
  t.false(text.includes('db.ts'));
  t.is((JSON.parse(text) as Record<string, unknown>).type, 'https://w3id.org/radcred/problems/internal-error');
  t.true(logLines.some((line) => line.includes('secret internal detail')), 'the server log keeps the cause');
});

test('healthz answers ok and readyz follows the readiness probe', async (t) => {
  const health = await fetch(server.url + '/healthz');
  t.is(health.status, 200);
  t.like(await health.json(), { status: 'ok', service: 'test-service' });
  t.is((await fetch(server.url + '/readyz')).status, 200);
  notReadyReason = 'database migrations pending';
  const notReady = await fetch(server.url + '/readyz');
  t.is(notReady.status, 503);
  t.like(await notReady.json(), { detail: 'database migrations pending' });
  notReadyReason = undefined;
});

test('request logs name the route pattern, never a secret in the path', async (t) => {
  const secret = 'one-time-secret-in-the-path-42';
  await fetch(`${server.url}/requests/abc/${secret}`);
  await fetch(`${server.url}/nope/${secret}`);
  t.true(logLines.some((line) => line.includes('"path":"/requests/:id/:secret"')));
  t.false(logLines.some((line) => line.includes(secret)));
});

test('request logs never contain bearer tokens', async (t) => {
  const token = 'rc_tok_super_secret_value_123';
  await post('/echo', JSON.stringify({ name: 'a', count: 1 }), 'application/json', { authorization: `Bearer ${token}` });
  await fetch(server.url + '/healthz?token=' + token, { headers: { authorization: `Bearer ${token}` } });
  t.true(logLines.some((line) => line.includes('"path":"/echo"')));
  t.false(logLines.some((line) => line.includes(token)));
});
