import test from 'ava';
import { CryptoError } from '../../crypto/errors.ts';
import { bundledContexts, RADCRED_CONTEXT_URL } from '../contexts.ts';
import { resolveDidKey } from '../didKeyDocument.ts';
import { createDocumentLoader, documentLoader } from '../documentLoader.ts';
import { CredentialError } from '../errors.ts';
import { issuerKey } from './fixtures/samples.ts';

test('bundled contexts load as static documents', async (t) => {
  for (const url of bundledContexts.keys()) {
    const remote = await documentLoader(url);
    t.deepEqual(remote, { contextUrl: null, documentUrl: url, document: bundledContexts.get(url), tag: 'static' });
  }
  t.is((await documentLoader(RADCRED_CONTEXT_URL)).document, bundledContexts.get(RADCRED_CONTEXT_URL));
});

test('a did:key resolves to its DID document, its key id to an Ed25519VerificationKey2020', async (t) => {
  const didDoc = (await documentLoader(issuerKey.did)).document as Record<string, unknown>;
  t.is(didDoc.id, issuerKey.did);
  t.deepEqual(didDoc.assertionMethod, [issuerKey.keyId]);
  t.deepEqual(didDoc['@context'], ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/ed25519-2020/v1']);
  const method = await documentLoader(issuerKey.keyId);
  t.deepEqual(method, {
    contextUrl: null,
    documentUrl: issuerKey.keyId,
    tag: 'static',
    document: {
      '@context': 'https://w3id.org/security/suites/ed25519-2020/v1',
      id: issuerKey.keyId,
      type: 'Ed25519VerificationKey2020',
      controller: issuerKey.did,
      publicKeyMultibase: issuerKey.publicKeyMultibase,
    },
  });
});

test('resolved did:key documents are cached and frozen', (t) => {
  const a = resolveDidKey(issuerKey.did);
  t.is(resolveDidKey(issuerKey.keyId), a);
  t.true(Object.isFrozen(a.didDocument.verificationMethod[0]));
  t.throws(() => {
    (a.didDocument.assertionMethod as string[]).push('did:key:evil');
  });
});

test('a malformed did:key is refused with crypto.didkey.malformed naming the problem', async (t) => {
  const error = await t.throwsAsync(documentLoader('did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc'), { instanceOf: CryptoError });
  t.is(error.code, 'crypto.didkey.malformed');
  t.regex(error.message, /wrong multicodec 0xec01 \(x25519-pub\)/);
});

test('every other URL is credential.context.unknown, naming the URL', async (t) => {
  for (const url of [
    'https://example.com/evil-context',
    'https://www.w3.org/ns/credentials/examples/v2',
    'https://w3id.org/security/v2',
    'https://w3id.org/radcred/v1/', // near miss
    'did:web:board.example',
    'file:///etc/passwd',
  ]) {
    const error = await t.throwsAsync(documentLoader(url), { instanceOf: CredentialError });
    t.is(error.code, 'credential.context.unknown');
    t.true(error.message.includes(url), error.message);
  }
});

test('extra documents are served only by the loader they were given to, and not as static', async (t) => {
  const url = 'https://www.w3.org/ns/credentials/examples/v2';
  const doc = { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } };
  const testLoader = createDocumentLoader({ extraDocuments: new Map([[url, doc]]) });
  t.deepEqual(await testLoader(url), { contextUrl: null, documentUrl: url, document: doc });
  await t.throwsAsync(documentLoader(url), { instanceOf: CredentialError });
});
