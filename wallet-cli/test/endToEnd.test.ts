import test from 'ava';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatVerifierKey, SIGNATURE_TYPE_ED25519 } from '../../core/log/noteKeys.ts';
import { demoCredentials, DEMO_RADIOLOGIST } from '../../scripts/demoCredentials.ts';
import { acceptCredential } from '../commands/receive.ts';
import { EXIT } from '../errors.ts';
import { runCli } from '../run.ts';
import { WalletStore } from '../store/walletStore.ts';
import { runRadwallet } from './helpers/cli.ts';
import { testRuntime } from './helpers/runtime.ts';
import { useServices, type Services } from './helpers/services.ts';

/**
 * The radiologist's half of DESIGN §1 against the running issuer and verifier: init, receive three
 * kinds of credential (an offer with DID authentication, issued files, a bare credential whose
 * receipt comes from the log), list, present to the hospital's request and read the verdict, back
 * up and restore — and every refusal on the way. The story runs through the real binary; the error
 * paths run the same program in-process (a subprocess costs ~1 s each).
 */
type Json = Record<string, unknown>;

let dataDir = '';
test.before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'radwallet-e2e-'));
});
test.after.always(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});
const services = useServices(test as never, () => dataDir);

interface Story {
  s: Services;
  home: string;
  did: string;
  files: string;
}
let story: Story | undefined;

async function issue(s: Services, kind: 'specialty-board' | 'cme-provider' | 'state-medical-board', credential: Json): Promise<Json> {
  const tenant = s.tenant(kind);
  const issued = await s.api<Json>('POST', `${s.issuer.url}/issuers/${tenant.id}/credentials/issue`, tenant.token, { credential });
  if (issued.status !== 201) throw new Error(`issue failed: ${JSON.stringify(issued.body)}`);
  return issued.body;
}

async function offer(s: Services, credential: Json): Promise<string> {
  const board = s.tenant('state-medical-board');
  const created = await s.api<{ url: string }>('POST', `${s.issuer.url}/issuers/${board.id}/offers`, board.token, { credential });
  if (created.status !== 201) throw new Error(`offer failed: ${JSON.stringify(created.body)}`);
  return created.body.url;
}

async function request(s: Services): Promise<string> {
  const policy = s.demo.policies[0];
  const created = await s.api<{ url: string }>('POST', `${s.verifier.url}/requests`, s.demo.verifierToken, {
    policyId: policy?.id,
    applicant: { name: DEMO_RADIOLOGIST.name, npi: DEMO_RADIOLOGIST.npi },
  });
  if (created.status !== 201) throw new Error(`request failed: ${JSON.stringify(created.body)}`);
  return created.body.url;
}

async function setStatus(s: Services, kind: 'state-medical-board' | 'cme-provider', credentialId: string, purpose: 'suspension' | 'revocation', status: boolean): Promise<void> {
  const tenant = s.tenant(kind);
  const changed = await s.api('POST', `${s.issuer.url}/credentials/status`, tenant.token, {
    credentialId,
    credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: purpose }],
    status,
  });
  if (changed.status !== 200) throw new Error(`status change failed: ${changed.status} ${JSON.stringify(changed.body)}`);
}

async function newWallet(t: { is: (a: unknown, b: unknown, m?: string) => void }, name: string): Promise<{ home: string; did: string }> {
  const home = path.join(dataDir, name);
  const runtime = testRuntime(home);
  t.is(await runCli(['init', '--json'], runtime), 0);
  return { home, did: (JSON.parse(runtime.terminal.stdout.join('\n')) as { did: string }).did };
}

async function inProcess(home: string, args: string[], now?: () => Date) {
  const runtime = testRuntime(home, {}, now);
  const code = await runCli(args, runtime);
  return { code, out: runtime.terminal.stdout.join('\n'), err: runtime.terminal.stderr.join('\n') };
}

test.serial('the story: init, receive license (offer) + certification + CME, list, present, verdict, back up and restore', async (t) => {
  const s = await services();
  const files = path.join(dataDir, 'files');
  await rm(files, { recursive: true, force: true });
  await mkdir(files, { recursive: true });
  const home = path.join(dataDir, 'rivera');

  const init = await runRadwallet(['init', '--json'], { home });
  t.is(init.code, 0, init.stderr);
  const { did } = JSON.parse(init.stdout) as { did: string };
  const unsigned = demoCredentials(did);

  // 1. The NY board offers the license; the wallet proves its DID and checks before storing.
  const offerUrl = await offer(s, unsigned.license.withoutSubjectId);
  const license = await runRadwallet(['receive', offerUrl], { home });
  t.is(license.code, 0, license.stderr);
  t.regex(license.stdout, /^Received Medical license [0-9a-f]{8} from New York State Board of Medicine: MD US-NY #298311/);
  for (const check of ['credential.proof', 'credential.issuer_trusted', 'credential.validity_window', 'credential.status.revocation', 'credential.status.suspension', 'credential.log_inclusion', 'credential.holder_binding']) {
    t.true(license.stdout.includes(`ok ${check}:`), check);
  }
  t.regex(license.stderr, /Pinned the credential log key of http:\/\/127\.0\.0\.1:\d+: radcred\.localhost\/log\+[0-9a-f]{8}\+/);

  // 2. ABR issues straight to the DID: a {verifiableCredential, receipt} file.
  await writeFile(path.join(files, 'abr.json'), JSON.stringify(await issue(s, 'specialty-board', unsigned.board)));
  const board = await inProcess(home, ['receive', path.join(files, 'abr.json')]);
  t.is(board.code, 0, board.err);
  t.regex(board.out, /Received Board certification .* ABR Diagnostic Radiology/);

  // 3. CME: a bare credential (the wallet fetches its receipt from the log), then two more in-process.
  const cme = await Promise.all(unsigned.cme.map((c) => issue(s, 'cme-provider', c)));
  await writeFile(path.join(files, 'cme-bare.json'), JSON.stringify(cme[0]?.verifiableCredential));
  const bare = await runRadwallet(['receive', path.join(files, 'cme-bare.json')], { home });
  t.is(bare.code, 0, bare.stderr);
  t.regex(bare.stdout, /Received CME credit .* 30 AMA PRA Category 1 Credit/);
  for (const [i, issued] of cme.slice(1).entries()) {
    await writeFile(path.join(files, `cme-${i + 2}.json`), JSON.stringify(issued));
    t.is((await inProcess(home, ['receive', path.join(files, `cme-${i + 2}.json`)])).code, 0);
  }

  // 4. list: a readable table, everything valid.
  const list = await runRadwallet(['list'], { home, env: { RADWALLET_PASSPHRASE: undefined } });
  t.is(list.code, 0, list.stderr);
  const rows = list.stdout.split('\n').filter((line) => /^[0-9a-f]{8} /.test(line));
  t.is(rows.length, 5);
  t.true(rows.every((row) => row.trimEnd().endsWith('valid')));
  t.regex(list.stdout, /Medical license\s+New York State Board of Medicine\s+MD US-NY #298311 · active · unrestricted/);
  t.regex(list.stdout, /CME credit\s+RSNA Education\s+25 AMA PRA Category 1 Credit · 15 MQSA h · Breast Imaging Update/);

  // 5. The hospital's request: choose, show, confirm (--yes), sign, submit, verdict.
  const requestUrl = await request(s);
  const present = await runRadwallet(['present', requestUrl, '--yes'], { home });
  t.is(present.code, 0, present.stderr);
  t.regex(present.stdout, /asks for "Diagnostic radiology privileges" \(applicant: Dr\. Ana Rivera\)/);
  t.regex(present.stdout, /will receive, signed by did:key:z6Mk\w+ for 127\.0\.0\.1:\d+:/);
  t.regex(present.stdout, /licenseNumber: 298311/, 'what is disclosed is shown field by field');
  t.regex(present.stdout, /: ACCEPTED/);
  t.regex(present.stdout, /met {5}.*AMA PRA Category 1 Credit/);
  const reportJson = await s.api<Json>('GET', `${s.verifier.url}/requests/${requestUrl.split('/').at(-2)}`, s.demo.verifierToken);
  t.is(reportJson.body.status, 'accepted');
  t.is((reportJson.body.presented as Json).holder, did);

  // 6. Back up and restore into a new home: same credentials, same DID (the binary's export/import: walletFiles.test.ts).
  const backup = path.join(dataDir, 'rivera-backup.json');
  t.is((await inProcess(home, ['export', '-o', backup])).code, 0);
  const restoredHome = path.join(dataDir, 'rivera-restored');
  const restored = await inProcess(restoredHome, ['import', backup]);
  t.is(restored.code, 0, restored.err);
  const listed = await inProcess(restoredHome, ['list', '--json']);
  const original = await inProcess(home, ['list', '--json']);
  t.deepEqual(JSON.parse(listed.out), JSON.parse(original.out));
  t.is((await inProcess(restoredHome, ['did'])).out, did);

  story = { s, home, did, files };
});

test.serial('receive refuses duplicates, tampered files, another DID\'s credential, a bad receipt, non-credentials; says why', async (t) => {
  if (!story) return t.fail('the story did not run');
  const { s, home, files, did } = story;
  const dup = await inProcess(home, ['receive', path.join(files, 'abr.json')]);
  t.is(dup.code, EXIT.error);
  t.regex(dup.err, /^radwallet: refused: this credential is already in the wallet as [0-9a-f]{8} \(Board certification from American Board of Radiology\)$/m);

  const unsigned = demoCredentials(did);
  const issued = await issue(s, 'specialty-board', { ...unsigned.board, credentialSubject: { ...(unsigned.board.credentialSubject as Json), subspecialties: ['Pediatric Radiology'] } });
  const tampered = structuredClone(issued);
  ((tampered.verifiableCredential as Json).credentialSubject as Json).subspecialties = ['Pediatric Radiology', 'Neuroradiology'];
  await writeFile(path.join(files, 'tampered.json'), JSON.stringify(tampered));
  const forged = await inProcess(home, ['receive', path.join(files, 'tampered.json')]);
  t.is(forged.code, EXIT.credential);
  t.regex(forged.err, /FAIL credential\.proof: the signature does not verify/);
  t.regex(forged.err, /^radwallet: refused the credential: the signature does not verify.* \(credential\.proof\)$/m);

  const badReceipt = structuredClone(issued);
  ((badReceipt.receipt as Json).entry as Json).at = '2020-01-01T00:00:00.000Z';
  await writeFile(path.join(files, 'bad-receipt.json'), JSON.stringify(badReceipt));
  const receiptRun = await inProcess(home, ['receive', path.join(files, 'bad-receipt.json')]);
  t.is(receiptRun.code, EXIT.credential);
  t.regex(receiptRun.err, /\(credential\.log_inclusion\)$/m);

  const someoneElse = await newWallet(t, 'someone-else');
  const theirs = await issue(s, 'specialty-board', demoCredentials(someoneElse.did).board);
  await writeFile(path.join(files, 'theirs.json'), JSON.stringify(theirs));
  const other = await inProcess(home, ['receive', path.join(files, 'theirs.json')]);
  t.is(other.code, EXIT.credential);
  t.regex(other.err, new RegExp(`the credential is about ${someoneElse.did}, but the presentation's holder is ${did}.*credential\\.holder_binding`));

  // The issuer named by an offer must be the credential's issuer.
  const cmeIssued = await issue(s, 'cme-provider', demoCredentials(did).cme[0] as Json);
  const store = new WalletStore(home);
  const trust = await store.readTrust();
  const runtime = testRuntime(home);
  const abr = s.tenant('specialty-board');
  await t.throwsAsync(
    () =>
      acceptCredential(
        runtime,
        {
          credential: cmeIssued.verifiableCredential as Json,
          receipt: cmeIssued.receipt,
          serviceUrl: s.issuer.url,
          issuer: { did: abr.did, name: abr.name, kind: 'specialty-board', jurisdiction: null, credentialTypes: ['BoardCertificationCredential'] },
          logKey: trust.logs[s.issuer.url]?.key as string,
          source: 'offer',
        },
        did,
      ),
    { message: /refused the credential: the credential is issued by did:key:\w+, not by American Board of Radiology/ },
  );

  await writeFile(path.join(files, 'not-a-credential.json'), JSON.stringify({ hello: 'world' }));
  const notVc = await inProcess(home, ['receive', path.join(files, 'not-a-credential.json')]);
  t.is(notVc.code, EXIT.credential);
  t.regex(notVc.err, /refused: .* is not a verifiable credential \(/);
  const missing = await inProcess(home, ['receive', path.join(files, 'nope.json')]);
  t.is(missing.code, EXIT.error);
  t.regex(missing.err, /cannot read .*nope\.json: ENOENT/);
  t.is((await store.listCredentials()).length, 5, 'nothing refused was stored');
});

test.serial('offers: wrong passphrase leaves the offer unspent; a spent or expired offer is one clear line; a changed log key is refused', async (t) => {
  if (!story) return t.fail('the story did not run');
  const { s } = story;
  const { home, did } = await newWallet(t, 'offers');
  const url = await offer(s, demoCredentials(did).license.withoutSubjectId);

  const wrong = testRuntime(home, { passphrase: 'not my passphrase' });
  t.is(await runCli(['receive', url], wrong), EXIT.error);
  t.regex(wrong.terminal.stderr.join('\n'), /^radwallet: wrong passphrase: the holder key in .* did not open$/m);

  const later = await inProcess(home, ['receive', url], () => new Date(Date.now() + 8 * 24 * 3600 * 1000));
  t.is(later.code, EXIT.error);
  t.regex(later.err, /^radwallet: the offer expired at .*: ask New York State Board of Medicine for a new one$/m);

  t.is((await inProcess(home, ['receive', url])).code, 0, 'the offer was not spent by the failed attempts');
  const spent = await inProcess(home, ['receive', url]);
  t.is(spent.code, EXIT.error);
  t.regex(spent.err, /^radwallet: the issuer answered 410 Offer already redeemed: this offer was redeemed on /m);

  // Someone swaps the log key the wallet pinned: the next receive from that service is refused.
  const store = new WalletStore(home);
  const trust = await store.readTrust();
  const pinned = trust.logs[s.issuer.url];
  if (!pinned) return t.fail('no pinned log');
  pinned.key = formatVerifierKey('radcred.localhost/log', SIGNATURE_TYPE_ED25519, new Uint8Array(32).fill(7));
  await store.saveTrust(trust);
  const next = await offer(s, demoCredentials(did).license.withoutSubjectId);
  const changed = await inProcess(home, ['receive', next]);
  t.is(changed.code, EXIT.credential);
  t.regex(changed.err, /the credential log key of http:\/\/127\.0\.0\.1:\d+ changed: pinned .* now radcred\.localhost\/log\+/);
});

test.serial('present: several fitting credentials need --pick; no --yes off a terminal sends nothing; a request pointing elsewhere is refused', async (t) => {
  if (!story) return t.fail('the story did not run');
  const { s, home, did, files } = story;
  const second = await issue(s, 'specialty-board', { ...demoCredentials(did).board, credentialSubject: { ...(demoCredentials(did).board.credentialSubject as Json), subspecialties: [] } });
  await writeFile(path.join(files, 'abr-2.json'), JSON.stringify(second));
  const received = await inProcess(home, ['receive', '--json', path.join(files, 'abr-2.json')]);
  t.is(received.code, 0, received.err);
  const secondRef = (JSON.parse(received.out) as { ref: string }).ref;

  const url = await request(s);
  const ambiguous = await inProcess(home, ['present', url, '--yes']);
  t.is(ambiguous.code, EXIT.usage);
  t.regex(ambiguous.err, /^radwallet: several credentials fit "Current ABR Diagnostic Radiology certification.*": [0-9a-f]{8}, [0-9a-f]{8}; choose one with --pick <ref>$/m);

  const unconfirmed = await inProcess(home, ['present', url, '--pick', secondRef]);
  t.is(unconfirmed.code, EXIT.usage);
  t.regex(unconfirmed.err, /needs confirmation; pass --yes when not on a terminal/);

  const picked = await inProcess(home, ['present', url, '--pick', secondRef, '--yes', '--json']);
  t.is(picked.code, 0, picked.err);
  const report = JSON.parse(picked.out) as { decision: string; credentials: { id: string }[] };
  t.is(report.decision, 'accepted', 'the unconfirmed attempt did not use up the request');
  t.true(report.credentials.some((c) => c.id === (second.verifiableCredential as Json).id));

  // A request whose answer would go to another origin, or whose domain is another site's.
  const verifierRequest = await s.api<Json>('GET', await request(s), undefined);
  for (const change of [{ presentationUrl: 'http://127.0.0.1:9/steal' }, { domain: 'hospital.example' }]) {
    const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...verifierRequest.body, ...change })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const refused = await inProcess(home, ['present', `http://127.0.0.1:${port}/requests/x/y`, '--yes']);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    t.is(refused.code, EXIT.error);
    t.regex(refused.err, /refusing/);
  }
});

test.serial('check / refresh / present after the board suspends the license, and after a CME is revoked', async (t) => {
  if (!story) return t.fail('the story did not run');
  const { s, home } = story;
  t.is((await inProcess(home, ['check'])).code, 0);
  const licenseRecord = (await new WalletStore(home).listCredentials()).find((r) => r.credential.type.includes('MedicalLicenseCredential'));
  if (!licenseRecord) return t.fail('no license');
  const before = JSON.stringify(licenseRecord.receipt);
  await setStatus(s, 'state-medical-board', licenseRecord.credential.id, 'suspension', true);

  // The wallet does not know yet: it presents, and the verifier rejects (exit 4).
  const rejected = await runRadwallet(['present', await request(s), '--pick', (await inProcess(home, ['list', '--json']).then((r) => (JSON.parse(r.out) as { ref: string; type: string }[]).find((c) => c.type === 'BoardCertificationCredential')?.ref)) as string, '--yes'], { home });
  t.is(rejected.code, EXIT.rejected, rejected.stderr);
  t.regex(rejected.stdout, /: REJECTED/);
  t.regex(rejected.stdout, /FAIL .*credential\.status\.suspension/);
  t.regex(rejected.stderr, /^radwallet: .* rejected the presentation$/m);

  const check = await runRadwallet(['check'], { home });
  t.is(check.code, EXIT.credential);
  t.regex(check.stdout, /Medical license\s+New York State Board of Medicine\s+SUSPENDED/);
  t.regex(check.stdout, /FAIL credential\.status\.suspension: the issuer has suspended this credential/);
  t.regex(check.stderr, /^radwallet: 1 credential needs attention: [0-9a-f]{8} Medical license is suspended$/m);
  t.regex((await inProcess(home, ['list'])).out, /SUSPENDED/);

  const refresh = await inProcess(home, ['refresh']);
  t.is(refresh.code, EXIT.credential);
  t.regex(refresh.out, /tree size \d+ → \d+/);
  const refreshed = (await new WalletStore(home).listCredentials()).find((r) => r.credentialHash === licenseRecord.credentialHash);
  t.not(JSON.stringify(refreshed?.receipt), before, 'the receipt was updated to a newer checkpoint');
  t.is((await inProcess(home, ['check', licenseRecord.credential.id])).code, EXIT.credential, 'the refreshed receipt still verifies; only the suspension fails');

  const unusable = await inProcess(home, ['present', await request(s), '--yes']);
  t.is(unusable.code, EXIT.credential);
  t.regex(unusable.err, /no usable credential in this wallet for ".*" \([0-9a-f]{8} is suspended\)/);

  await setStatus(s, 'state-medical-board', licenseRecord.credential.id, 'suspension', false);
  t.is((await inProcess(home, ['check'])).code, 0);

  const cme = (await new WalletStore(home).listCredentials()).find((r) => r.credential.type.includes('CMECreditCredential'));
  await setStatus(s, 'cme-provider', cme?.credential.id as string, 'revocation', true);
  const revoked = await inProcess(home, ['check', '--json']);
  t.is(revoked.code, EXIT.credential);
  const results = JSON.parse(revoked.out) as { id: string; status: string }[];
  t.is(results.find((r) => r.id === cme?.credential.id)?.status, 'revoked');
  t.is(results.filter((r) => r.status === 'valid').length, results.length - 1);
  t.is(JSON.parse(await readFile(path.join(home, 'credentials', `${cme?.credentialHash.slice(7)}.json`), 'utf8')).lastCheck.standing, 'revoked');
});
