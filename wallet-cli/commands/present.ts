import path from 'node:path';
import { access } from 'node:fs/promises';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../core/fs/atomicWrite.ts';
import { WalletError } from '../errors.ts';
import { validate } from '../http/client.ts';
import { unlockHolderKey } from '../keystore.ts';
import { askPassphrase } from '../passphrase.ts';
import { disclosureLines } from '../presentation/disclosure.ts';
import { reportLines } from '../presentation/reportView.ts';
import { credentialQueriesOf, presentationRequestSchema, verificationReportSchema, type PresentationRequest } from '../presentation/requestSchema.ts';
import { describeQuery, selectCredentials, selectedCredentials } from '../presentation/selection.ts';
import { signPresentation } from '../lazy.ts';
import type { Runtime } from '../runtime.ts';
import type { CredentialRecord } from '../store/schemas.ts';
import { confirm } from '../ui/prompts.ts';
import { findCredential, refOf } from '../view/credentialView.ts';
import { withExamples } from './helpText.ts';

export interface PresentOptions {
  readonly pick?: string[];
  readonly yes?: boolean;
  readonly json?: boolean;
  readonly credentials?: string[];
  readonly challenge?: string;
  readonly domain?: string;
  readonly output?: string;
  readonly force?: boolean;
}

/** Splits repeated and comma-separated refs: `--pick a,b --pick c`. */
function refsOf(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

export async function presentCommand(runtime: Runtime, requestUrl: string | undefined, options: PresentOptions): Promise<void> {
  const fileMode = options.credentials !== undefined || options.challenge !== undefined || options.domain !== undefined || options.output !== undefined;
  if (requestUrl !== undefined && fileMode) {
    throw new WalletError('wallet.usage', 'give either a request URL, or --credentials, --challenge, --domain and -o for a file, not both');
  }
  if (requestUrl === undefined && !fileMode) throw new WalletError('wallet.usage', 'give the request URL the hospital sent you (or --credentials … --challenge … --domain … -o file)');
  if (requestUrl === undefined) return presentToFile(runtime, options);
  return presentToVerifier(runtime, requestUrl, options);
}

/** `present --credentials … --challenge … --domain … -o vp.json`: a signed presentation written to a file (or `-o -`, stdout). */
async function presentToFile(runtime: Runtime, options: PresentOptions): Promise<void> {
  const missing = (['credentials', 'challenge', 'domain', 'output'] as const).filter((name) => options[name] === undefined);
  if (missing.length > 0) throw new WalletError('wallet.usage', `a presentation file needs ${missing.map((m) => (m === 'output' ? '-o <file>' : `--${m}`)).join(', ')}`);
  if (options.pick !== undefined) throw new WalletError('wallet.usage', '--pick is for a request URL; name the credentials with --credentials');
  const refs = refsOf(options.credentials);
  if (refs.length === 0) throw new WalletError('wallet.usage', '--credentials needs at least one credential ref');
  const { store, terminal } = runtime;
  const wallet = await store.readWallet();
  const records = await store.listCredentials();
  const chosen = dedupe(refs.map((ref) => findCredential(records, ref)));
  const output = options.output === '-' ? undefined : path.resolve(options.output as string);
  if (output !== undefined && !options.force && (await exists(output))) {
    throw new WalletError('wallet.exists', `${output} already exists (use --force to overwrite it)`);
  }
  const key = await unlockHolderKey(wallet, await askPassphrase(runtime), store.walletPath);
  const vp = await signPresentation(key, chosen.map((r) => r.credential), { challenge: options.challenge as string, domain: options.domain as string });
  const text = `${JSON.stringify(vp, null, 2)}\n`;
  if (output === undefined) {
    terminal.out(text.trimEnd());
    return;
  }
  // A presentation carries personal data: private to its owner like every wallet file.
  await writeFileAtomic(output, text, 0o600);
  if (options.json) terminal.out(JSON.stringify({ file: output, holder: key.did, credentials: chosen.map((r) => r.credential.id) }, null, 2));
  else terminal.out(`Wrote a presentation of ${chosen.length} credential${chosen.length === 1 ? '' : 's'} (${chosen.map(refOf).join(', ')}) to ${output}, signed by ${key.did} for ${options.domain}.`);
}

/** `present <request-url>`: read the request, choose, show, confirm, sign, submit, print the verdict. */
async function presentToVerifier(runtime: Runtime, requestUrl: string, options: PresentOptions): Promise<void> {
  const { store, terminal } = runtime;
  const wallet = await store.readWallet();
  const records = await store.listCredentials();
  const request = await runtime.http.getJson(requestUrl, presentationRequestSchema, 'the verifier');
  const presentationUrl = checkRequest(request, requestUrl, runtime.now());
  const items = credentialQueriesOf(request);
  if (items.length === 0) throw new WalletError('wallet.request.invalid', 'the request asks for no credentials this wallet understands (no QueryByExample credential query)');

  const selections = await selectCredentials(items, records, { picks: refsOf(options.pick), terminal, now: runtime.now() });
  const chosen = selectedCredentials(selections);
  // With --json, stdout carries only the report; what a person reads goes to stderr.
  const say = options.json ? (line: string) => terminal.err(line) : (line: string) => terminal.out(line);
  const style = options.json ? terminal.errStyle : terminal.style;
  say(`${style.bold(request.verifier.name)} asks${request.policy ? ` for "${request.policy.name}"` : ''}${request.applicant?.name ? ` (applicant: ${request.applicant.name})` : ''}:`);
  for (const selection of selections) {
    const refs = selection.chosen.map(refOf).join(', ') || style.dim('nothing (optional)');
    say(`  - ${describeQuery(selection.item)} → ${refs}`);
    for (const skipped of selection.skipped) say(style.dim(`      (${refOf(skipped.record)} fits but is ${skipped.reason}: left out)`));
  }
  say('');
  for (const line of disclosureLines(chosen, { verifierName: request.verifier.name, verifierUrl: request.verifier.url, holder: wallet.did, domain: request.domain }, style)) say(line);

  const question = `Send ${chosen.length} credential${chosen.length === 1 ? '' : 's'} to ${request.verifier.name}?`;
  if (!(await confirm(terminal, question, { yes: options.yes }))) {
    terminal.err('Nothing sent.');
    return;
  }
  const key = await unlockHolderKey(wallet, await askPassphrase(runtime), store.walletPath);
  const vp = await signPresentation(key, chosen.map((r) => r.credential), { challenge: request.challenge, domain: request.domain });
  // The receipts travel with the presentation: the verifier checks log inclusion without asking the
  // issuer about this radiologist (and without a round trip per credential).
  const receipts = chosen.map((r) => r.receipt ?? null);
  const answer = await runtime.http.postJson(presentationUrl, { verifiablePresentation: vp, receipts }, 'the verifier', [200, 422]);
  const report = validate(verificationReportSchema, answer.json, 'the verifier');
  if (options.json) terminal.out(JSON.stringify(report, null, 2));
  else {
    say('');
    for (const line of reportLines(report, request.verifier.name, style)) say(line);
  }
  if (report.decision !== 'accepted') throw new WalletError('wallet.presentation.rejected', `${request.verifier.name} rejected the presentation`);
}

/**
 * Refuses requests that would let a third party reuse the presentation: the answer must go back to
 * the origin the request came from, and the signed domain must name that origin's host (a site
 * relaying another verifier's challenge would otherwise get a presentation valid there).
 */
function checkRequest(request: PresentationRequest, requestUrl: string, now: Date): string {
  const origin = new URL(requestUrl);
  let target: URL;
  try {
    target = new URL(request.presentationUrl, origin);
  } catch {
    throw new WalletError('wallet.request.invalid', 'the request has no valid presentationUrl');
  }
  if (target.origin !== origin.origin) {
    throw new WalletError('wallet.request.invalid', `the request wants the presentation sent to ${target.origin}, not to ${origin.origin} where it came from: refusing`);
  }
  if (request.domain !== origin.host && request.domain !== origin.hostname && request.domain !== origin.origin) {
    throw new WalletError('wallet.request.invalid', `the request's domain "${request.domain}" is not ${origin.host}, where it came from: refusing to sign for another site`);
  }
  if (request.expiresAt !== undefined && Date.parse(request.expiresAt) <= now.getTime()) {
    throw new WalletError('wallet.request.invalid', `the request expired at ${request.expiresAt}: ask the hospital for a new one`);
  }
  return target.toString();
}

function dedupe(records: readonly CredentialRecord[]): CredentialRecord[] {
  return records.filter((record, index) => records.findIndex((r) => r.credentialHash === record.credentialHash) === index);
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export function registerPresent(program: Command, runtime: Runtime): void {
  withExamples(
    program
      .command('present')
      .argument('[request-url]', 'the presentation request URL the hospital sent you')
      .description(
        'answer a presentation request: choose the credentials it asks for, show exactly what is disclosed, confirm, sign with its challenge and domain, submit, and print the verdict; or write a signed presentation to a file',
      )
      .option('--pick <refs...>', 'use these credentials (refs from radwallet list, comma-separated or repeated) where several fit')
      .option('-y, --yes', 'send without asking for confirmation')
      .option('--credentials <refs...>', 'file mode: the credentials to include')
      .option('--challenge <challenge>', 'file mode: the challenge to sign')
      .option('--domain <domain>', 'file mode: the domain to sign')
      .option('-o, --output <file>', 'file mode: where to write the presentation (mode 0600; "-" for stdout)')
      .option('--force', 'file mode: overwrite the output file')
      .option('--json', "print the verifier's report (or, in file mode, {file, holder, credentials}) as JSON")
      .action((requestUrl: string | undefined, options: PresentOptions) => presentCommand(runtime, requestUrl, options)),
    [
      'radwallet present https://verifier.example/requests/4c1…/s3cr3t',
      'radwallet present https://verifier.example/requests/4c1…/s3cr3t --pick 3f1d6c2e --yes',
      'radwallet present --credentials 3f1d6c2e,9a8b7c6d --challenge 1f2e… --domain verifier.example -o vp.json',
    ],
  );
}
