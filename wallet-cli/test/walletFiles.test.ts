import test from 'ava';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkPresentationProofs } from '../../core/verify/proofs.ts';
import { runCli } from '../run.ts';
import { WalletStore } from '../store/walletStore.ts';
import { runRadwallet, tempDir } from './helpers/cli.ts';
import { localRecord, signLocally, subjects } from './helpers/localCredentials.ts';
import { testRuntime } from './helpers/runtime.ts';

/** A wallet made by the real binary, holding three locally signed credentials. */
async function walletWithCredentials(t: Parameters<typeof tempDir>[0]) {
  const dir = await tempDir(t);
  const home = path.join(dir, 'wallet');
  const init = testRuntime(home);
  t.is(await runCli(['init', '--json'], init), 0);
  const { did } = JSON.parse(init.terminal.stdout.join('\n')) as { did: string };
  const s = subjects(did);
  const store = new WalletStore(home);
  const records = [
    localRecord(await signLocally(s.license.type, s.license.subject), '2026-01-01T00:00:01.000Z'),
    localRecord(await signLocally(s.board.type, s.board.subject), '2026-01-01T00:00:02.000Z'),
    localRecord(await signLocally(s.cme(1, 40, '2025-03-14').type, s.cme(1, 40, '2025-03-14').subject), '2026-01-01T00:00:03.000Z'),
  ];
  for (const record of records) await store.saveCredential(record);
  const refs = records.map((r) => r.credentialHash.slice(7, 15));
  return { dir, home, did, store, records, refs };
}

async function snapshotFiles(home: string): Promise<Map<string, { content: string; mode: number }>> {
  const files = new Map<string, { content: string; mode: number }>();
  for (const relative of ['wallet.json', 'trust.json', ...(await readdir(path.join(home, 'credentials'))).map((n) => `credentials/${n}`)]) {
    try {
      const file = path.join(home, relative);
      files.set(relative, { content: await readFile(file, 'utf8'), mode: (await stat(file)).mode & 0o777 });
    } catch {
      // trust.json only exists once a log key was pinned
    }
  }
  return files;
}

test('list and show: readable table with key facts and status, --json for scripts, clear errors for unknown refs', async (t) => {
  const { home, refs, did, records } = await walletWithCredentials(t);
  const list = await runRadwallet(['list'], { home, env: { RADWALLET_PASSPHRASE: undefined } });
  t.is(list.code, 0, list.stderr);
  const lines = list.stdout.trimEnd().split('\n');
  t.regex(lines[0] ?? '', /^REF\s+TYPE\s+ISSUER\s+KEY FACTS\s+VALID UNTIL\s+STATUS$/);
  t.regex(list.stdout, new RegExp(`${refs[0]}\\s+Medical license\\s+New York State Board of Medicine\\s+MD US-NY #298311 · active · unrestricted · expires 2027-06-30\\s+2030-12-31\\s+valid`));
  t.regex(list.stdout, /Board certification .* ABR Diagnostic Radiology · Neuroradiology/);
  t.regex(list.stdout, /CME credit .* 40 AMA PRA Category 1 Credit · Update 1 · completed 2025-03-14/);
  t.false(list.stdout.includes('\u001b['));

  const json = testRuntime(home);
  t.is(await runCli(['list', '--json'], json), 0);
  const summaries = JSON.parse(json.terminal.stdout.join('\n')) as { ref: string; type: string; issuer: { name: string }; keyFacts: string; validUntil: string; status: string }[];
  t.deepEqual(summaries.map((s) => s.ref), refs);
  t.deepEqual(summaries.map((s) => s.type), ['MedicalLicenseCredential', 'BoardCertificationCredential', 'CMECreditCredential']);
  t.true(summaries.every((s) => s.status === 'valid' && s.validUntil === '2030-12-31T23:59:59Z'));

  const show = testRuntime(home);
  t.is(await runCli(['show', refs[0] as string], show), 0);
  const shown = show.terminal.stdout.join('\n');
  t.regex(shown, /licenseNumber\s+298311/);
  t.true(shown.includes(`${did} (this wallet)`));

  const runtime = testRuntime(home);
  t.is(await runCli(['show', 'ffffffff'], runtime), 1);
  t.deepEqual(runtime.terminal.stderr, ['radwallet: no credential "ffffffff" in this wallet (see radwallet list)']);
  const byId = testRuntime(home);
  const id = records[1]?.credential.id as string;
  t.is(await runCli(['show', '--json', id], byId), 0);
  t.is((JSON.parse(byId.terminal.stdout.join('\n')) as { record: { credential: { id: string } } }).record.credential.id, id);
});

test('check with the issuer service unreachable: that credential is "unknown", the run says so, exit 1', async (t) => {
  const { home, refs } = await walletWithCredentials(t);
  const runtime = testRuntime(home, { httpTimeoutMs: 2_000 });
  t.is(await runCli(['check', refs[0] as string], runtime), 1);
  const out = runtime.terminal.stdout.join('\n');
  t.regex(out, new RegExp(`${refs[0]}\\s+Medical license\\s+New York State Board of Medicine\\s+unknown`));
  t.regex(out, /FAIL credential\.log_inclusion: no log key is pinned for http:\/\/127\.0\.0\.1:9 and the service could not be reached/);
  t.deepEqual(runtime.terminal.stderr, [`radwallet: could not fully check ${refs[0]} (see the FAIL lines); try again later`]);
  t.is((await new WalletStore(home).listCredentials())[0]?.lastCheck?.standing, 'unknown');
});

test('export / import: an encrypted backup (0600) that restores every file byte for byte; every error path', async (t) => {
  const { dir, home } = await walletWithCredentials(t);
  const backup = path.join(dir, 'backup.json');
  const exported = await runRadwallet(['export', '-o', backup], { home });
  t.is(exported.code, 0, exported.stderr);
  t.is((await stat(backup)).mode & 0o777, 0o600);
  const backupText = await readFile(backup, 'utf8');
  t.false(/Rivera|298311|did:key/.test(backupText), 'nothing personal is readable in the backup');

  const again = testRuntime(home);
  t.is(await runCli(['export', '-o', backup], again), 1);
  t.regex(again.terminal.stderr.join('\n'), /already exists \(use --force to overwrite it\)/);

  const restoredHome = path.join(dir, 'restored');
  const restored = await runRadwallet(['import', backup], { home: restoredHome });
  t.is(restored.code, 0, restored.stderr);
  t.deepEqual(await snapshotFiles(restoredHome), await snapshotFiles(home));
  t.is((await stat(restoredHome)).mode & 0o777, 0o700);
  t.is((await new WalletStore(restoredHome).listCredentials()).length, 3);

  const wrong = testRuntime(path.join(dir, 'other'), { passphrase: 'not the passphrase' });
  t.is(await runCli(['import', backup], wrong), 1);
  t.deepEqual(wrong.terminal.stderr, [`radwallet: wrong passphrase: the backup ${backup} did not open (or it was altered)`]);

  // In-process from here (same program, no subprocess start-up).
  const exists = testRuntime(restoredHome);
  t.is(await runCli(['import', backup], exists), 1);
  t.regex(exists.terminal.stderr.join('\n'), /a wallet already exists at .*pass --force to replace it/);
  const noYes = testRuntime(restoredHome);
  t.is(await runCli(['import', '--force', backup], noYes), 2);
  t.regex(noYes.terminal.stderr.join('\n'), /needs confirmation; pass --yes when not on a terminal/);
  await new WalletStore(restoredHome).removeCredential((await new WalletStore(restoredHome).listCredentials())[0]!);
  const forced = testRuntime(restoredHome);
  t.is(await runCli(['import', '--force', '--yes', backup], forced), 0);
  t.deepEqual(await snapshotFiles(restoredHome), await snapshotFiles(home));

  const tampered = path.join(dir, 'tampered.json');
  const parsed = JSON.parse(backupText) as { sealed: { ciphertext: string } };
  const c = parsed.sealed.ciphertext;
  parsed.sealed.ciphertext = `${c.slice(0, 10)}${c[10] === 'A' ? 'B' : 'A'}${c.slice(11)}`;
  await writeFile(tampered, JSON.stringify(parsed));
  const tamperedRun = testRuntime(path.join(dir, 'third'));
  t.is(await runCli(['import', tampered], tamperedRun), 1);
  t.regex(tamperedRun.terminal.stderr.join('\n'), /did not open \(or it was altered\)/);
  await writeFile(tampered, '{"format":"something else"}');
  const notBackup = testRuntime(path.join(dir, 'third'));
  t.is(await runCli(['import', tampered], notBackup), 1);
  t.regex(notBackup.terminal.stderr.join('\n'), /is not a radwallet backup/);
});

test('present -o: a signed presentation file (0600) bound to the challenge and domain, verifiable by core/verify', async (t) => {
  const { dir, home, did, refs } = await walletWithCredentials(t);
  const out = path.join(dir, 'vp.json');
  const result = await runRadwallet(['present', '--credentials', `${refs[0]},${refs[1]}`, '--challenge', 'c-42', '--domain', 'hospital.example', '-o', out], { home });
  t.is(result.code, 0, result.stderr);
  t.is((await stat(out)).mode & 0o777, 0o600);
  const vp = JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>;
  t.deepEqual(vp['@context'], ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/security/suites/ed25519-2020/v1']);
  t.is(vp.holder, did);
  t.is((vp.verifiableCredential as unknown[]).length, 2);
  const checked = await checkPresentationProofs(vp);
  t.true(checked.presentation.ok, checked.presentation.detail);
  t.true(checked.credentials.every((c) => c.ok));
  t.deepEqual([checked.binding.challenge, checked.binding.domain, checked.binding.proofPurpose], ['c-42', 'hospital.example', 'authentication']);

  const toStdout = testRuntime(home);
  t.is(await runCli(['present', '--credentials', refs[2] as string, '--challenge', 'c', '--domain', 'd', '-o', '-'], toStdout), 0);
  t.is((JSON.parse(toStdout.terminal.stdout.join('\n')) as { holder: string }).holder, did);

  const missing = testRuntime(home);
  t.is(await runCli(['present', '--credentials', refs[0] as string, '--challenge', 'c'], missing), 2);
  t.deepEqual(missing.terminal.stderr, ['radwallet: a presentation file needs --domain, -o <file>']);
  const both = testRuntime(home);
  t.is(await runCli(['present', 'http://127.0.0.1:9/requests/x/y', '--challenge', 'c'], both), 2);
  const unknown = testRuntime(home);
  t.is(await runCli(['present', '--credentials', 'ffffffff', '--challenge', 'c', '--domain', 'd', '-o', out, '--force'], unknown), 1);
  t.regex(unknown.terminal.stderr.join('\n'), /no credential "ffffffff"/);
});

test('remove: asks (exit 2 without --yes off a terminal), then deletes only that credential', async (t) => {
  const { home, refs } = await walletWithCredentials(t);
  const refused = testRuntime(home);
  t.is(await runCli(['remove', refs[1] as string], refused), 2);
  t.regex(refused.terminal.stderr.join('\n'), /needs confirmation; pass --yes/);
  const removed = await runRadwallet(['remove', refs[1] as string, '--yes'], { home });
  t.is(removed.code, 0, removed.stderr);
  t.regex(removed.stdout, /^Removed Board certification/);
  const left = (await new WalletStore(home).listCredentials()).map((r) => r.credentialHash.slice(7, 15));
  t.deepEqual(left, [refs[0], refs[2]]);
  const gone = testRuntime(home);
  t.is(await runCli(['remove', refs[1] as string, '--yes'], gone), 1);
});
