import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../core/fs/atomicWrite.ts';
import { loadLauncherConfig } from './config.ts';
import { readDemoFile, type DemoFile } from './demoSeed.ts';
import { demoCredentials, DEMO_RADIOLOGIST } from './demoCredentials.ts';
import { printReport, type DemoReport } from './demoReport.ts';

/**
 * `npm run demo`: the story of DESIGN §1 against the services `npm start` runs — a board issues,
 * the radiologist's wallet receives, the hospital requests and verifies, the board suspends, the
 * hospital's monitor notices. Every step is printed; any failure exits non-zero.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const radwallet = path.join(root, 'wallet-cli/bin/radwallet.js');

let stepNumber = 0;
function step(title: string): void {
  stepNumber += 1;
  process.stdout.write(`\n\x1b[1m${stepNumber}. ${title}\x1b[0m\n`);
}
function say(line: string): void {
  process.stdout.write(`   ${line}\n`);
}

class DemoError extends Error {}

async function api<T>(method: string, url: string, token: string | undefined, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new DemoError(`${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

async function wallet(env: NodeJS.ProcessEnv, args: string[], options: { allowExit?: number[] } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [radwallet, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => {
      if (code === 0 || options.allowExit?.includes(code ?? -1)) resolve(out);
      else reject(new DemoError(`radwallet ${args[0]} exited ${code}: ${(err || out).trim()}`));
    });
  });
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `   │ ${line}`)
    .join('\n');
}

function tenant(demo: DemoFile, kind: string) {
  const found = demo.tenants.find((t) => t.kind === kind);
  if (!found) throw new DemoError(`demo.json has no ${kind} tenant`);
  return found;
}

async function main(): Promise<void> {
  const { dataDir } = loadLauncherConfig();
  const demo = await readDemoFile(dataDir);
  if (!demo) throw new DemoError(`no ${path.join(dataDir, 'demo.json')}: run \`npm start\` first (in another terminal)`);
  for (const url of [demo.issuerUrl, demo.verifierUrl]) {
    await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) }).catch(() => {
      throw new DemoError(`${url} does not answer: is \`npm start\` running?`);
    });
  }
  const board = tenant(demo, 'state-medical-board');
  const abr = tenant(demo, 'specialty-board');
  const cme = tenant(demo, 'cme-provider');
  const policy = demo.policies[0];
  if (!policy) throw new DemoError('demo.json has no policy');

  const walletHome = path.join(dataDir, `demo-wallet-${Date.now()}`);
  const env: NodeJS.ProcessEnv = { ...process.env, RADWALLET_HOME: walletHome, RADWALLET_PASSPHRASE: randomBytes(18).toString('base64url'), NO_COLOR: '1' };

  step(`${DEMO_RADIOLOGIST.name} sets up her wallet`);
  const init = JSON.parse(await wallet(env, ['init', '--json'])) as { did: string };
  say(`wallet ${walletHome}`);
  say(`her DID: ${init.did}`);
  const credentials = demoCredentials(init.did);

  step(`${board.name} offers her New York medical license; her wallet picks it up with DID authentication`);
  const offer = await api<{ url: string; expiresAt: string }>('POST', `${demo.issuerUrl}/issuers/${board.id}/offers`, board.token, {
    credential: credentials.license.withoutSubjectId,
  });
  say(`one-time pickup URL (expires ${offer.expiresAt}): ${offer.url}`);
  process.stdout.write(indent(await wallet(env, ['receive', offer.url])) + '\n');

  step(`${abr.name} issues her Diagnostic Radiology certification straight to her DID`);
  const files = path.join(walletHome, '..', `demo-files-${Date.now()}`);
  await mkdir(files, { recursive: true, mode: 0o700 });
  const issuedAbr = await api<unknown>('POST', `${demo.issuerUrl}/issuers/${abr.id}/credentials/issue`, abr.token, { credential: credentials.board });
  await writeFileAtomic(path.join(files, 'abr.json'), JSON.stringify(issuedAbr));
  process.stdout.write(indent(await wallet(env, ['receive', path.join(files, 'abr.json')])) + '\n');

  step(`${cme.name} issues ${credentials.cme.length} CME certificates (AMA PRA Category 1)`);
  for (const [index, credential] of credentials.cme.entries()) {
    const issued = await api<unknown>('POST', `${demo.issuerUrl}/issuers/${cme.id}/credentials/issue`, cme.token, { credential });
    const file = path.join(files, `cme-${index + 1}.json`);
    await writeFileAtomic(file, JSON.stringify(issued));
    process.stdout.write(indent(await wallet(env, ['receive', file])) + '\n');
  }

  step('Her wallet now holds');
  process.stdout.write(indent(await wallet(env, ['list'])) + '\n');

  step(`The hospital asks for evidence for "${policy.name}"`);
  const request = await api<{ id: string; url: string }>('POST', `${demo.verifierUrl}/requests`, demo.verifierToken, {
    policyId: policy.id,
    applicant: { name: DEMO_RADIOLOGIST.name, npi: DEMO_RADIOLOGIST.npi },
  });
  say(`request ${request.id}: ${request.url}`);

  step('She answers it from her wallet (the wallet shows what it will disclose, signs, and submits)');
  process.stdout.write(indent(await wallet(env, ['present', request.url, '--yes'])) + '\n');

  step('Credentialing staff read the stored report');
  const stored = await api<{ status: string; report: DemoReport }>('GET', `${demo.verifierUrl}/requests/${request.id}`, demo.verifierToken);
  printReport(stored.report, (line) => say(line));
  if (stored.report.decision !== 'accepted') throw new DemoError(`the presentation was not accepted: ${stored.report.errors?.join('; ')}`);

  step(`${board.name} suspends her license (e.g. pending an investigation)`);
  const licenseId = await findLicenseId(env);
  const change = await api<{ credentialId: string }>('POST', `${demo.issuerUrl}/credentials/status`, board.token, {
    credentialId: licenseId,
    credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }],
    status: true,
  });
  say(`suspended ${change.credentialId ?? licenseId}; the status list is re-signed and the change is in the credential log`);

  step("The hospital's status monitor notices, without anyone asking");
  const alert = await waitForAlert(demo, licenseId);
  say(`ALERT (${alert.kind ?? 'status change'}): ${alert.detail ?? JSON.stringify(alert)}`);

  step('Her wallet shows it too');
  process.stdout.write(indent(await wallet(env, ['check'], { allowExit: [3] })) + '\n');

  await rm(files, { recursive: true, force: true });
  process.stdout.write('\n\x1b[1mThe story played through.\x1b[0m\n');
}

async function findLicenseId(env: NodeJS.ProcessEnv): Promise<string> {
  const list = JSON.parse(await wallet(env, ['list', '--json'])) as Array<{ id: string; type: string }>;
  const license = list.find((c) => c.type === 'MedicalLicenseCredential');
  if (!license) throw new DemoError('the wallet holds no license');
  return license.id;
}

async function waitForAlert(demo: DemoFile, credentialId: string): Promise<{ kind?: string; detail?: string }> {
  const deadline = Date.now() + 90_000;
  let waited = 0;
  while (Date.now() < deadline) {
    const { alerts } = await api<{ alerts: Array<{ credentialId?: string; kind?: string; detail?: string }> }>(
      'GET',
      `${demo.verifierUrl}/alerts`,
      demo.verifierToken,
    );
    const alert = alerts.find((a) => a.credentialId === credentialId);
    if (alert) return alert;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    waited += 1;
    if (waited % 10 === 0) say(`…waiting for the monitor's next pass (${waited} s)`);
  }
  throw new DemoError('no alert within 90 s: is the verifier monitor running (VERIFIER_MONITOR_INTERVAL_SECONDS)?');
}

main().catch((error: unknown) => {
  process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
