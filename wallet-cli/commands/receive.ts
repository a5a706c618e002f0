import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { writeFileAtomic } from '../../core/fs/atomicWrite.ts';
import { credentialHash } from '../../core/log/entry.ts';
import { issuerProfileFor } from '../checks/issuerDirectory.ts';
import { logKeyFor } from '../checks/logTrust.ts';
import { isUndetermined } from '../checks/standing.ts';
import type { WalletVerifier } from '../checks/walletVerifier.ts';
import { issuerDidOf, parseCredentialShape, statusEntriesOf, type JsonObject } from '../credentialShape.ts';
import { EXIT, WalletError } from '../errors.ts';
import { validate } from '../http/client.ts';
import { unlockHolderKey } from '../keystore.ts';
import { askPassphrase } from '../passphrase.ts';
import { createWalletVerifier, signPresentation } from '../lazy.ts';
import type { Runtime } from '../runtime.ts';
import type { CredentialRecord, IssuerProfile } from '../store/schemas.ts';
import { refOf, summarize } from '../view/credentialView.ts';
import { withExamples } from './helpText.ts';

export interface ReceiveOptions {
  readonly issuerUrl?: string;
  readonly json?: boolean;
}

/** The offer an issuer serves at its pickup URL (contracts.md). */
const offerSchema = z.looseObject({
  type: z.literal('CredentialOffer'),
  issuer: z.looseObject({ did: z.string(), name: z.string() }),
  credentialType: z.string(),
  query: z.array(z.looseObject({ type: z.string() })),
  challenge: z.string().min(1),
  domain: z.string().min(1),
  expiresAt: z.string(),
});

/** What the issuer answers a redeemed offer with, and what a credential file holds. */
const issuedSchema = z.looseObject({
  verifiableCredential: z.record(z.string(), z.unknown()),
  receipt: z.unknown(),
});

interface Incoming {
  readonly credential: JsonObject;
  /** Undefined: fetch it from the issuer service's log. */
  readonly receipt: unknown;
  readonly serviceUrl: string;
  readonly issuer: IssuerProfile;
  readonly logKey: string;
  readonly source: 'offer' | 'file';
}

export async function receiveCommand(runtime: Runtime, target: string, options: ReceiveOptions): Promise<void> {
  const wallet = await runtime.store.readWallet();
  const incoming = /^https?:\/\//i.test(target)
    ? await redeemOffer(runtime, target, wallet.did, options)
    : await readCredentialFile(runtime, target, options);
  const record = await acceptCredential(runtime, incoming, wallet.did);
  const summary = summarize(record, runtime.now());
  if (options.json) {
    runtime.terminal.out(JSON.stringify({ ...summary, checks: record.lastCheck?.checks ?? [] }, null, 2));
    return;
  }
  const style = runtime.terminal.style;
  runtime.terminal.out(`Received ${style.bold(summary.typeLabel)} ${summary.ref} from ${summary.issuer.name}: ${summary.keyFacts}`);
  for (const check of record.lastCheck?.checks ?? []) runtime.terminal.out(`  ${style.green('ok')} ${check.check}: ${check.detail}`);
}

/**
 * DID authentication: GET the offer, sign a presentation with no credentials bound to the offer's
 * challenge and domain, POST it, and take the credential and receipt the issuer answers with.
 * The log key is pinned (or confirmed) before the offer is redeemed: a one-time offer is not spent
 * on a service the wallet would refuse anyway.
 */
async function redeemOffer(runtime: Runtime, offerUrl: string, walletDid: string, options: ReceiveOptions): Promise<Incoming> {
  const url = new URL(offerUrl);
  const offer = await runtime.http.getJson(offerUrl, offerSchema, 'the issuer');
  if (Date.parse(offer.expiresAt) <= runtime.now().getTime()) {
    throw new WalletError('wallet.request.invalid', `the offer expired at ${offer.expiresAt}: ask ${offer.issuer.name} for a new one`);
  }
  if (!offer.query.some((q) => q.type === 'DIDAuthentication')) {
    throw new WalletError('wallet.request.invalid', `the offer asks for ${offer.query.map((q) => q.type).join(', ') || 'nothing'}; this wallet answers DIDAuthentication offers`);
  }
  if (offer.domain !== url.host && offer.domain !== url.hostname && offer.domain !== url.origin) {
    throw new WalletError('wallet.request.invalid', `the offer's domain "${offer.domain}" is not ${url.host}, where it came from: refusing to sign for another site`);
  }
  const serviceUrl = options.issuerUrl !== undefined ? normaliseBaseUrl(options.issuerUrl) : serviceUrlOfOffer(url);
  const issuer = await issuerProfileFor(runtime, serviceUrl, offer.issuer.did);
  const logKey = await logKeyFor(runtime, serviceUrl, { confirmWithService: true });

  const key = await unlockHolderKey(await runtime.store.readWallet(), await askPassphrase(runtime), runtime.store.walletPath);
  if (key.did !== walletDid) throw new WalletError('wallet.corrupt', 'the wallet changed while receiving');
  const vp = await signPresentation(key, [], { challenge: offer.challenge, domain: offer.domain });
  const answer = await runtime.http.postJson(offerUrl, { verifiablePresentation: vp }, offer.issuer.name, [200, 201]);
  const issued = validate(issuedSchema, answer.json, offer.issuer.name);
  return { credential: issued.verifiableCredential, receipt: issued.receipt, serviceUrl, issuer, logKey, source: 'offer' };
}

/**
 * The pickup URL lives on the issuer service; its base is everything before `/offers/` (and before
 * `/issuers/<id>` when the offer sits under its tenant). `--issuer-url` overrides the guess.
 */
function serviceUrlOfOffer(url: URL): string {
  let pathname = url.pathname;
  const at = pathname.lastIndexOf('/offers/');
  pathname = at >= 0 ? pathname.slice(0, at) : '';
  pathname = pathname.replace(/\/issuers\/[^/]+$/, '');
  return `${url.origin}${pathname}`.replace(/\/+$/, '');
}

function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WalletError('wallet.usage', `--issuer-url is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WalletError('wallet.usage', '--issuer-url must be http or https');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * A credential file: `{verifiableCredential, receipt}` as an issuer answers, or a bare credential
 * (its receipt is then fetched from the log). The issuer service is the one its status lists are
 * served from, unless `--issuer-url` names it.
 */
async function readCredentialFile(runtime: Runtime, file: string, options: ReceiveOptions): Promise<Incoming> {
  const source = path.resolve(file);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(source, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WalletError('wallet.input.invalid', code ? `cannot read ${source}: ${code}` : `${source} is not JSON`);
  }
  const wrapped = issuedSchema.safeParse(json);
  const credential = wrapped.success ? wrapped.data.verifiableCredential : (json as JsonObject);
  const receipt = wrapped.success ? wrapped.data.receipt : undefined;
  const shape = parseCredentialShape(credential, source);
  if (!shape.ok) throw new WalletError('wallet.credential.refused', `refused: ${shape.reason}`);
  const serviceUrl = options.issuerUrl !== undefined ? normaliseBaseUrl(options.issuerUrl) : serviceUrlOfStatus(shape.credential);
  const issuerDid = issuerDidOf(shape.credential);
  const issuer = await issuerProfileFor(runtime, serviceUrl, issuerDid);
  const logKey = await logKeyFor(runtime, serviceUrl, { confirmWithService: true });
  return { credential, receipt, serviceUrl, issuer, logKey, source: 'file' };
}

function serviceUrlOfStatus(credential: Parameters<typeof statusEntriesOf>[0]): string {
  const listUrl = statusEntriesOf(credential)[0]?.statusListCredential;
  const at = listUrl?.lastIndexOf('/status/') ?? -1;
  if (listUrl === undefined || at < 0 || !/^https?:\/\//.test(listUrl)) {
    throw new WalletError('wallet.usage', 'cannot tell which issuer service holds this credential\'s log: pass --issuer-url <issuer service URL>');
  }
  return listUrl.slice(0, at);
}

/**
 * Checks a credential before it is stored (every check must pass) and stores it. Duplicates and
 * failures are refused with the reason; a credential whose status or log could not be reached is
 * set aside in `<home>/pending/` so a spent offer is not lost (retry with `receive <that file>`).
 */
export async function acceptCredential(runtime: Runtime, incoming: Incoming, walletDid: string): Promise<CredentialRecord> {
  const { store, terminal } = runtime;
  const shape = parseCredentialShape(incoming.credential);
  if (!shape.ok) throw new WalletError('wallet.credential.refused', `refused: ${shape.reason}`);
  const hash = credentialHash(incoming.credential);
  const existing = (await store.listCredentials()).find((r) => r.credentialHash === hash || r.credential.id === shape.credential.id);
  if (existing !== undefined) {
    const same = existing.credentialHash === hash ? 'this credential' : `a credential with the id ${shape.credential.id}`;
    throw new WalletError('wallet.credential.duplicate', `refused: ${same} is already in the wallet as ${refOf(existing)} (${summarize(existing, runtime.now()).typeLabel} from ${existing.issuer.name})`);
  }

  const verifier = await createWalletVerifier(runtime);
  const outcome = await verifier.verify({
    credential: incoming.credential,
    receipt: incoming.receipt,
    issuer: incoming.issuer,
    serviceUrl: incoming.serviceUrl,
    logKey: incoming.logKey,
    walletDid,
  });
  const failures = outcome.checks.filter((c) => !c.ok);
  if (failures.length > 0) {
    for (const check of failures) terminal.err(`  ${terminal.errStyle.red('FAIL')} ${check.check}: ${check.detail}`);
    const first = failures.find((c) => !isUndetermined(c)) ?? (failures[0] as (typeof failures)[number]);
    if (failures.every(isUndetermined) && incoming.source === 'offer') {
      const kept = await setAside(runtime, hash, incoming);
      throw new WalletError('wallet.credential.refused', `not stored: ${first.detail}; what the issuer sent is kept in ${kept}, retry later with: radwallet receive ${kept}`, { exitCode: EXIT.error });
    }
    throw new WalletError('wallet.credential.refused', `refused the credential: ${first.detail} (${first.check})`, failures.every(isUndetermined) ? { exitCode: EXIT.error } : {});
  }

  const receipt = incoming.receipt ?? (await fetchedReceipt(verifier, incoming.serviceUrl, hash));
  const record: CredentialRecord = {
    v: 1,
    credentialHash: hash,
    // Stored exactly as signed and checked (the parsed shape is only for reading it).
    credential: incoming.credential as CredentialRecord['credential'],
    receipt: receipt as CredentialRecord['receipt'],
    issuer: incoming.issuer,
    serviceUrl: incoming.serviceUrl,
    receivedAt: runtime.now().toISOString(),
    source: incoming.source,
    lastCheck: { at: runtime.now().toISOString(), standing: outcome.standing, checks: outcome.checks },
  };
  await store.saveCredential(record);
  await verifier.save();
  return record;
}

async function fetchedReceipt(verifier: WalletVerifier, serviceUrl: string, hash: string): Promise<unknown> {
  const fetched = await verifier.fetchReceipt(serviceUrl, hash);
  if (!fetched.ok) throw new WalletError('wallet.http.failed', `the log receipt could not be fetched again: ${fetched.detail}`);
  return fetched.receipt;
}

async function setAside(runtime: Runtime, hash: string, incoming: Incoming): Promise<string> {
  const dir = path.join(runtime.store.home, 'pending');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${hash.slice('sha256:'.length)}.json`);
  await writeFileAtomic(file, `${JSON.stringify({ verifiableCredential: incoming.credential, receipt: incoming.receipt }, null, 2)}\n`, 0o600);
  return file;
}

export function registerReceive(program: Command, runtime: Runtime): void {
  withExamples(
    program
      .command('receive')
      .argument('<offer-url | file>', 'an offer URL from your board or CME provider, or a credential file ({verifiableCredential, receipt} or a bare credential)')
      .description(
        'pick up a credential: prove control of your DID to the offer, then check the signature, that it is issued to you by the offering issuer, its status and its log receipt, and store it',
      )
      .option('--issuer-url <url>', 'the issuer service base URL (default: from the offer URL, or from the credential\'s status list URL)')
      .option('--json', 'print the stored credential summary and its checks as JSON')
      .action((target: string, options: ReceiveOptions) => receiveCommand(runtime, target, options)),
    ['radwallet receive https://issuer.example/offers/7d0…/k3y', 'radwallet receive license.json', 'radwallet receive cme.json --issuer-url https://issuer.example'],
  );
}
