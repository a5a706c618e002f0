import test from 'ava';
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWalletFile } from '../keystore.ts';
import type { CredentialRecord, WalletFile } from '../store/schemas.ts';
import { WalletStore } from '../store/walletStore.ts';
import { PASSPHRASE, tempDir } from './helpers/cli.ts';

const WRITER = fileURLToPath(new URL('./fixtures/writeLoop.ts', import.meta.url));

function record(version: number, did: string): CredentialRecord {
  return {
    v: 1,
    credentialHash: `sha256:${'ab'.repeat(32)}`,
    credential: {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      type: ['VerifiableCredential', 'CMECreditCredential'],
      issuer: 'did:key:z6MkIssuer',
      credentialSubject: { id: did, version, padding: String(version).repeat(3_000_000) },
      proof: { type: 'Ed25519Signature2020' },
    },
    receipt: { entry: {}, proof: `version ${version}` },
    issuer: { did: 'did:key:z6MkIssuer', name: 'Issuer', kind: 'cme-provider', jurisdiction: null, credentialTypes: ['CMECreditCredential'] },
    serviceUrl: 'http://127.0.0.1:1',
    receivedAt: '2026-01-01T00:00:00.000Z',
    source: 'file',
  };
}

test('SIGKILL in the middle of writes leaves each wallet file a complete old or new version', async (t) => {
  const dir = await tempDir(t);
  const home = path.join(dir, 'wallet');
  const cheap = { N: 2 ** 14, r: 8, p: 1 };
  const a = await createWalletFile(PASSPHRASE, { params: cheap, now: new Date('2026-01-01T00:00:00Z') });
  const b = await createWalletFile(PASSPHRASE, { params: cheap, now: new Date('2026-06-01T00:00:00Z') });
  const wallets: WalletFile[] = [a.wallet, b.wallet];
  const records = [record(1, a.wallet.did), record(2, a.wallet.did)];
  const versionsFile = path.join(dir, 'versions.json');
  await writeFile(versionsFile, JSON.stringify({ wallets, records }));
  const store = new WalletStore(home);

  for (let round = 0; round < 6; round += 1) {
    const child = spawn(process.execPath, ['--import=tsx', WRITER, home, versionsFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
    });
    // The writer says "w" as it starts saving the ~3 MB record (~20 ms to serialise, ~7 ms to write
    // here): killing 14..39 ms after that sweeps the moment of death across the write itself.
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 14 + round * 5));
    child.kill('SIGKILL');
    await exited;

    // Every file parses, validates and is exactly one of the versions written.
    const wallet = await store.readWallet();
    t.true(wallets.some((w) => JSON.stringify(w) === JSON.stringify(wallet)), `round ${round}: wallet.json is a whole version`);
    const [stored] = await store.listCredentials();
    t.true(records.some((r) => JSON.stringify(r) === JSON.stringify(stored)), `round ${round}: the credential record is a whole version`);
  }

  // A kill mid-write may leave a temporary file; it is never read as a wallet file and is swept.
  await store.sweepTemporaryFiles();
  const leftovers = [...(await readdir(home)), ...(await readdir(path.join(home, 'credentials')))].filter((name) => name.endsWith('.tmp'));
  t.deepEqual(leftovers, []);
  t.is(JSON.parse(await readFile(path.join(home, 'wallet.json'), 'utf8')).format, 'radwallet/1');
});
