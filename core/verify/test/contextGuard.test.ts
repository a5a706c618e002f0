import test from 'ava';
import fc from 'fast-check';
import { CREDENTIALS_V2_URL, ED25519_2020_URL, RADCRED_CONTEXT_URL, bundledContexts } from '../../credential/contexts.ts';
import { findContextViolation, type ContextViolation } from '../contextGuard.ts';

/** The former walk: a path string built for every value, the same visiting order. */
function pathBuildingWalk(document: unknown): ContextViolation | undefined {
  const stack: Array<[unknown, string]> = [[document, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
      continue;
    }
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      if (key === '@context') {
        const entries = Array.isArray(child) ? child : [child];
        for (const [i, entry] of entries.entries()) {
          const at = Array.isArray(child) ? `${childPath}[${i}]` : childPath;
          if (typeof entry !== 'string') return { path: at, reason: 'an inline @context object is not accepted (only bundled context URLs)' };
          if (!bundledContexts.has(entry)) return { path: at, reason: `the context "${entry.length > 120 ? `${entry.slice(0, 120)}…` : entry}" is not one this verifier bundles; remote contexts are never fetched` };
        }
        continue;
      }
      stack.push([child, childPath]);
    }
  }
  return undefined;
}

const contextEntry = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(CREDENTIALS_V2_URL, ED25519_2020_URL, RADCRED_CONTEXT_URL) },
  { weight: 1, arbitrary: fc.constantFrom('https://evil.example/ctx', 'https://www.w3.org/ns/credentials/v2#', 'x'.repeat(130)) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ '@vocab': 'https://evil.example/#' }, null, 7, [CREDENTIALS_V2_URL]) },
);
const contextValue = fc.oneof(contextEntry, fc.array(contextEntry, { maxLength: 4 }));

/** JSON documents whose objects often carry an `@context`, mostly a bundled one. */
const documents = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie('node'), { maxLength: 4 }),
    fc
      .tuple(fc.dictionary(fc.constantFrom('type', 'proof', 'id', '0', '12', '__proto__', 'credentialSubject', 'verifiableCredential'), tie('node'), { maxKeys: 4 }), fc.option(contextValue, { freq: 2 }), fc.boolean())
      .map(([fields, context, contextFirst]) => (context === null ? fields : contextFirst ? { '@context': context, ...fields } : { ...fields, '@context': context })),
  ),
})).node;

test('the context guard reports what the path-building walk reports, for any JSON document', (t) => {
  fc.assert(
    fc.property(documents, (document) => {
      const parsed: unknown = JSON.parse(JSON.stringify(document) ?? 'null');
      t.deepEqual(findContextViolation(parsed), pathBuildingWalk(parsed));
    }),
    { numRuns: 4000 },
  );
});

test('the context guard names the first refused context by its path', (t) => {
  const presentation = {
    '@context': [CREDENTIALS_V2_URL],
    verifiableCredential: [{ '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL] }, { '@context': CREDENTIALS_V2_URL, proof: { '@context': ['https://evil.example/ctx'] } }],
  };
  t.deepEqual(findContextViolation(presentation), {
    path: 'verifiableCredential[1].proof.@context[0]',
    reason: 'the context "https://evil.example/ctx" is not one this verifier bundles; remote contexts are never fetched',
  });
  t.deepEqual(findContextViolation([{ '@context': { '@vocab': 'https://evil.example/#' } }]), {
    path: '[0].@context',
    reason: 'an inline @context object is not accepted (only bundled context URLs)',
  });
  t.is(findContextViolation({ '@context': [CREDENTIALS_V2_URL, ED25519_2020_URL], a: [[{ b: 1 }]] }), undefined);
  t.is(findContextViolation('text'), undefined);
});

test('a deeply nested document is walked without overflowing the call stack', (t) => {
  let deep: unknown = { '@context': 'https://evil.example/ctx' };
  for (let i = 0; i < 100_000; i++) deep = [deep];
  t.is(findContextViolation(deep)?.path, `${'[0]'.repeat(100_000)}.@context`);
});
