import test from 'ava';
import type { Router } from '@koa/router';
import { createLogger } from '../../core/http/logger.ts';
import { listen } from '../../core/http/listen.ts';
import { createIssuerApp } from '../app.ts';
import type { IssuerDeps } from '../deps.ts';
import { call } from './support/issuance.ts';

/**
 * Only the routes' registration is examined (and GET /openapi.json answered), so the app is built
 * over dependencies that would fail if any route touched them.
 */
function unusedDeps(): IssuerDeps {
  const untouchable = new Proxy({}, { get: (_target, property) => { throw new Error(`the OpenAPI test touched ${String(property)}`); } });
  return {
    db: untouchable as IssuerDeps['db'],
    config: untouchable as IssuerDeps['config'],
    logger: createLogger({ name: 'openapi-test', level: 'silent' }),
    publicUrl: 'http://127.0.0.1',
    log: untouchable as IssuerDeps['log'],
    tenantKeys: untouchable as IssuerDeps['tenantKeys'],
    signer: untouchable as IssuerDeps['signer'],
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'trace'] as const;

type Operation = { parameters?: Array<{ name: string; in: string }> };
type PathItem = Partial<Record<(typeof METHODS)[number], Operation>> & { parameters?: Array<{ name: string; in: string }>; 'x-koa-route'?: string };
type OpenApiDocument = { openapi: string; paths: Record<string, PathItem>; components: { schemas: Record<string, unknown>; responses: Record<string, unknown> } };

/** The router the app really serves with (@koa/router marks its dispatch middleware with `.router`). */
function routerOf(app: ReturnType<typeof createIssuerApp>): Router {
  const dispatch = app.middleware.find((middleware) => 'router' in middleware) as unknown as { router: Router } | undefined;
  if (!dispatch) throw new Error('the app has no router');
  return dispatch.router;
}

/** `METHOD path` for every registered route, OpenAPI-style path templates, regular expressions by source. */
function routerRoutes(router: Router): Set<string> {
  const routes = new Set<string>();
  for (const layer of router.stack) {
    const path = typeof layer.path === 'string' ? layer.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}') : `regexp:${layer.path.source}`;
    for (const method of layer.methods) if (method !== 'HEAD') routes.add(`${method} ${path}`);
  }
  return routes;
}

function documentRoutes(document: OpenApiDocument): Set<string> {
  const routes = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    const key = item['x-koa-route'] === undefined ? path : `regexp:${item['x-koa-route']}`;
    for (const method of METHODS) if (item[method]) routes.add(`${method.toUpperCase()} ${key}`);
  }
  return routes;
}

test.serial('GET /openapi.json describes exactly the routes the router serves, and nothing else', async (t) => {
  const app = createIssuerApp(unusedDeps());
  const server = await listen(app, 0);
  try {
    const answer = await call<OpenApiDocument>(`${server.url}/openapi.json`);
    t.is(answer.status, 200);
    t.regex(answer.contentType, /^application\/json/);
    const document = answer.body;
    t.is(document.openapi, '3.1.0');

    const served = routerRoutes(routerOf(app));
    const described = documentRoutes(document);
    const undocumented = [...served].filter((route) => !described.has(route)).sort();
    const phantom = [...described].filter((route) => !served.has(route)).sort();
    t.deepEqual(undocumented, [], 'routes the document does not describe');
    t.deepEqual(phantom, [], 'documented routes the router does not serve');
    for (const route of ['POST /issuers/{issuerId}/credentials/issue', 'POST /credentials/status', 'GET /status/{listId}', 'GET /log/checkpoint', 'GET /healthz']) {
      t.true(served.has(route), `${route} is served`);
    }
  } finally {
    await server.close();
  }
});

test('every path template parameter is declared and every $ref resolves', async (t) => {
  const { issuerOpenApiDocument } = await import('../openapi.ts');
  const document = issuerOpenApiDocument() as unknown as OpenApiDocument;
  for (const [path, item] of Object.entries(document.paths)) {
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const declared = [...(item.parameters ?? []), ...(operation.parameters ?? [])].filter((p) => p.in === 'path').map((p) => p.name);
      t.deepEqual(declared.sort(), [...names].sort(), `${method.toUpperCase()} ${path} path parameters`);
    }
  }
  const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/(schemas|responses)\/([^"]+)"/g)];
  t.true(refs.length > 10);
  for (const [, kind, name] of refs) {
    t.truthy(document.components[kind as 'schemas' | 'responses'][name as string], `#/components/${kind}/${name} exists`);
  }
});
