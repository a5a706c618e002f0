import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { generateDidKey } from '../../core/crypto/didKey.ts';
import { backendsUnderTest } from '../../core/db/testing/testDatabase.ts';
import { credentialHash } from '../../core/log/index.ts';
import type { LogReceipt } from '../log/credentialLog.ts';
import { CsvError, formatCsv, parseCsv } from '../roster/csv.ts';
import { EXIT, runCli } from '../roster/program.ts';
import { cleanUpAfter, createTenant, startTestIssuer, verifyReceipt, verifyWithStockVerifier, type TestIssuer } from './support/issuance.ts';

cleanUpAfter(test);

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('CSV: formatting then parsing gives back any table of strings', (t) => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', 'Z', ',', '"', '\n', '\r', ' ', 'é', ';') }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (rows) => {
      const parsed = parseCsv(formatCsv(rows)).map((record) => record.fields);
      t.deepEqual(parsed, rows);
      return true;
    }),
  );
});

test('CSV: quotes, CRLF, BOM, blank lines and the line each record starts on', (t) => {
  const text = '\uFEFFdid,name,restrictions\r\ndid:key:a,"Rivera, Ana","no ""night"" reads;\nsupervised"\r\n\r\ndid:key:b,Chen,\n';
  const records = parseCsv(text);
  t.deepEqual(records.map((r) => r.line), [1, 2, 5]);
  t.deepEqual(records[1]?.fields, ['did:key:a', 'Rivera, Ana', 'no "night" reads;\nsupervised']);
  t.deepEqual(records[2]?.fields, ['did:key:b', 'Chen', '']);
  const unclosed = t.throws(() => parseCsv('a,b\n"open,c\n'), { instanceOf: CsvError });
  t.is(unclosed.line, 2);
  const stray = t.throws(() => parseCsv('a,b\nx"y,c\n'), { instanceOf: CsvError });
  t.is(stray.line, 2);
});

interface CapturedIo {
  stdout: { write(text: string): boolean; isTTY: boolean; text: string };
  stderr: { write(text: string): boolean; isTTY: boolean; text: string };
}

function io(isTTY = false): CapturedIo {
  const stream = () => {
    const s = {
      isTTY,
      text: '',
      write(text: string) {
        s.text += text;
        return true;
      },
    };
    return s;
  };
  return { stdout: stream(), stderr: stream() };
}

const header = 'did,name,npi,licenseNumber,licenseType,licenseStatus,issuedOn,expiresOn,restrictions,interstateCompact';
function licenseRow(did: string, npi: string, licenseNumber: string, compact = 'no', restrictions = ''): string {
  return [did, '"Rivera, Ana"', npi, licenseNumber, 'MD', 'active', '2019-07-01', '2028-06-30', restrictions, compact].join(',');
}

// Each roster lives in its own directory, removed when the process ends.
const rosterDirs: string[] = [];
test.after.always(async () => {
  await Promise.all(rosterDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function rosterFile(lines: readonly string[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'radcred-roster-'));
  rosterDirs.push(dir);
  const file = path.join(dir, 'renewals.csv');
  await writeFile(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

interface Output {
  credentialType: string;
  credentials: Array<{ line: number; verifiableCredential: Record<string, unknown> & { credentialSubject: { licenseNumber: string; jurisdiction: string } }; receipt: LogReceipt }>;
}

for (const backend of backendsUnderTest()) {
  test.serial(`issue-roster issues the good rows in batches and names each bad row and column [${backend}]`, async (t) => {
    const issuer: TestIssuer = await startTestIssuer(backend);
    try {
      const board = await createTenant(issuer, { kind: 'state-medical-board', jurisdiction: 'US-NY', credentialTypes: ['MedicalLicenseCredential'] });
      const did = () => generateDidKey().did;
      const file = await rosterFile([
        header,
        licenseRow(did(), '1234567893', 'NY-1001', 'yes', 'no night reads;supervised'),
        licenseRow(did(), '1234567890', 'NY-1002'),
        licenseRow(did(), '1234567893', 'NY-1003'),
        licenseRow(did(), '1234567893', 'NY-1004', 'maybe'),
        licenseRow('did:key:not-a-key', '1234567893', 'NY-1005'),
        licenseRow(did(), '1234567893', 'NY-1006'),
      ]);
      const captured = io();
      const code = await runCli(['issue-roster', '--issuer', board.id, '--batch-size', '2', file], {
        ...captured,
        env: { RADCRED_ISSUER_TOKEN: board.token, RADCRED_ISSUER_URL: issuer.url },
      });
      t.is(code, EXIT.rowsFailed, captured.stderr.text);
      t.regex(captured.stdout.text, /Issued 3 of 6 rows/);
      t.regex(captured.stderr.text, /line 3, column "npi": the NPI check digit is wrong/);
      t.regex(captured.stderr.text, /line 5, column "interstateCompact": "maybe" is not yes\/no/);
      t.regex(captured.stderr.text, /line 6, column "did": /);
      t.regex(captured.stderr.text, /3 row\(s\) not issued/);
      t.regex(captured.stderr.text, /6\/6 rows done, 3 failed/, 'plain progress lines when not on a terminal');

      const outputFile = file.replace(/\.csv$/, '.issued.json');
      t.is((await stat(outputFile)).mode & 0o777, 0o600, 'the output holds personal data: owner only');
      const output = JSON.parse(await readFile(outputFile, 'utf8')) as Output;
      t.is(output.credentialType, 'MedicalLicenseCredential');
      t.deepEqual(output.credentials.map((c) => c.line), [2, 4, 7]);
      t.deepEqual(output.credentials.map((c) => c.verifiableCredential.credentialSubject.licenseNumber), ['NY-1001', 'NY-1003', 'NY-1006']);
      for (const { verifiableCredential, receipt } of output.credentials) {
        t.is(verifiableCredential.credentialSubject.jurisdiction, 'US-NY', 'the board\'s jurisdiction fills the missing column');
        t.true((await verifyWithStockVerifier(issuer.url, verifiableCredential)).verified);
        await verifyReceipt(issuer.url, receipt, { kind: 'issue', credentialHash: credentialHash(verifiableCredential) });
      }
      const first = output.credentials[0]?.verifiableCredential.credentialSubject as unknown as { restrictions: string[]; interstateCompact: boolean };
      t.deepEqual(first.restrictions, ['no night reads', 'supervised']);
      t.true(first.interstateCompact);
    } finally {
      await issuer.close();
    }
  });
}

test.serial('rows the server refuses are traced to their line and column; the rest of the batch is issued', async (t) => {
  const issuer = await startTestIssuer(backendsUnderTest()[0] ?? 'pglite');
  try {
    const board = await createTenant(issuer, { kind: 'state-medical-board', jurisdiction: 'US-NY', credentialTypes: ['MedicalLicenseCredential'] });
    const did = () => generateDidKey().did;
    const file = await rosterFile([
      `${header},jurisdiction`,
      `${licenseRow(did(), '1234567893', 'A-1')},US-NY`,
      `${licenseRow(did(), '1234567893', 'A-2')},US-NJ`,
      `${licenseRow(did(), '1234567893', 'A-3')},US-NY`,
    ]);
    const output = path.join(path.dirname(file), 'out.json');
    const captured = io(true);
    const code = await runCli(['issue-roster', '--issuer', board.id, '--url', issuer.url, '--token', board.token, '-o', output, file], captured);
    t.is(code, EXIT.rowsFailed);
    t.regex(captured.stderr.text, /line 3, column "jurisdiction": this issuer attests US-NY only, not US-NJ/);
    t.regex(captured.stderr.text, /\r\[█+░*\] 3\/3 rows · 1 failed/, 'a progress bar on a terminal');
    const written = JSON.parse(await readFile(output, 'utf8')) as Output;
    t.deepEqual(written.credentials.map((c) => c.line), [2, 4]);
  } finally {
    await issuer.close();
  }
});

test.serial('a bad header, a missing token or an unknown issuer stop before anything is issued (exit 2)', async (t) => {
  const issuer = await startTestIssuer(backendsUnderTest()[0] ?? 'pglite', { signingThreads: 0 });
  try {
    const board = await createTenant(issuer, { kind: 'state-medical-board', jurisdiction: 'US-NY', credentialTypes: ['MedicalLicenseCredential'] });
    const env = { RADCRED_ISSUER_TOKEN: board.token, RADCRED_ISSUER_URL: issuer.url };
    const badHeader = await rosterFile([`${header},favouriteColour`, `${licenseRow(generateDidKey().did, '1234567893', 'B-1')},blue`]);
    const a = io();
    t.is(await runCli(['issue-roster', '--issuer', board.id, badHeader], { ...a, env }), EXIT.usage);
    t.regex(a.stderr.text, /column 11 "favouriteColour" is not a MedicalLicenseCredential field/);
    const good = await rosterFile([header, licenseRow(generateDidKey().did, '1234567893', 'B-2')]);
    const b = io();
    t.is(await runCli(['issue-roster', '--issuer', board.id, good], { ...b, env: { RADCRED_ISSUER_URL: issuer.url } }), EXIT.usage);
    t.regex(b.stderr.text, /no API token/);
    const c = io();
    t.is(await runCli(['issue-roster', '--issuer', '00000000-0000-4000-8000-000000000000', good], { ...c, env }), EXIT.usage);
    t.regex(c.stderr.text, /no issuer 00000000-0000-4000-8000-000000000000/);
    const d = io();
    t.is(await runCli(['issue-roster', '--issuer', board.id, good], { ...d, env: { ...env, RADCRED_ISSUER_TOKEN: 'rcit_wrong_wrong_wrong_wrong_wrong' } }), EXIT.usage);
    t.regex(d.stderr.text, /refused the token/);
  } finally {
    await issuer.close();
  }
});

test.serial('npm run issuer -- issue-roster runs as a program: exit 0 when every row is issued', async (t) => {
  const issuer = await startTestIssuer(backendsUnderTest()[0] ?? 'pglite', { signingThreads: 0 });
  try {
    const board = await createTenant(issuer, { kind: 'state-medical-board', jurisdiction: 'US-NY', credentialTypes: ['MedicalLicenseCredential'] });
    const file = await rosterFile([header, licenseRow(generateDidKey().did, '1234567893', 'C-1'), licenseRow(generateDidKey().did, '1234567893', 'C-2')]);
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import=tsx', path.join(repoRoot, 'issuer/cli.ts'), 'issue-roster', '--issuer', board.id, file], {
      cwd: repoRoot,
      env: { ...process.env, RADCRED_ISSUER_TOKEN: board.token, RADCRED_ISSUER_URL: issuer.url },
    });
    t.regex(stdout, /Issued 2 of 2 rows/);
    t.regex(stderr, /issuing 2 rows/);
    t.is((JSON.parse(await readFile(file.replace(/\.csv$/, '.issued.json'), 'utf8')) as Output).credentials.length, 2);
  } finally {
    await issuer.close();
  }
});
