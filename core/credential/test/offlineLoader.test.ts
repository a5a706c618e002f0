import test from 'ava';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The document loader never touches the network: run it in a child process whose network is
 * unreachable (socket connect, DNS and fetch patched to record and throw), feed it remote URLs
 * directly and inside credentials being canonized, issued and verified, and check that every one
 * fails with the coded error while zero connection attempts were recorded.
 */
const run = promisify(execFile);
const preload = fileURLToPath(new URL('fixtures/noNetworkPreload.ts', import.meta.url));
const child = fileURLToPath(new URL('fixtures/offlineChild.ts', import.meta.url));

interface Outcome {
  name: string;
  threw: boolean;
  verified?: boolean;
  code?: string;
  message?: string;
}
interface Report {
  outcomes: Outcome[];
  sanityVerified: boolean;
  attemptsDuringWork: string[] | null;
  attemptsAfterControls: number | null;
  controls: string[];
}

let report: Report;

test.before(async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--import', preload, child], {
    cwd: fileURLToPath(new URL('../../../', import.meta.url)),
    timeout: 60_000,
  });
  report = JSON.parse(stdout) as Report;
});

function find(name: string): Outcome {
  const found = report.outcomes.find((o) => o.name === name);
  if (!found) throw new Error(`no outcome ${name}`);
  return found;
}

test('the network trap was live in the child (positive control)', (t) => {
  t.deepEqual(report.attemptsDuringWork, []);
  t.is(report.attemptsAfterControls, 3, 'the control fetch, connect and DNS lookup were each recorded');
  t.true(report.controls.every((m) => m.includes('network access attempted')));
});

test('asking the loader for https://example.com/evil-context is credential.context.unknown naming the URL, with no connection attempt', (t) => {
  const loader = find('loader');
  t.true(loader.threw);
  t.is(loader.code, 'credential.context.unknown');
  t.regex(loader.message ?? '', /https:\/\/example\.com\/evil-context/);
  t.regex(loader.message ?? '', /no network access/);
  t.deepEqual(report.attemptsDuringWork, []);
});

test('a cloud metadata URL and a did:web are refused the same way', (t) => {
  t.is(find('loader-http').code, 'credential.context.unknown');
  t.regex(find('loader-http').message ?? '', /169\.254\.169\.254/);
  t.is(find('loader-did-web').code, 'credential.context.unknown');
});

test('canonizing or issuing a credential with a remote context fails with the coded error', (t) => {
  for (const name of ['canonize', 'issue']) {
    const o = find(name);
    t.true(o.threw, name);
    t.is(o.code, 'credential.context.unknown', name);
    t.regex(o.message ?? '', /evil-context/, name);
  }
});

test('verifying a signed credential whose contexts now include a remote one fails with the coded error', (t) => {
  t.true(report.sanityVerified, 'the untouched credential verifies in the same child');
  const o = find('verify');
  t.false(o.verified);
  t.is(o.code, 'credential.context.unknown');
  t.regex(o.message ?? '', /evil-context/);
});

test('a proof pointing at an https verification method fails without fetching it', (t) => {
  const o = find('verify-remote-key');
  t.false(o.verified);
  t.is(o.code, 'credential.context.unknown');
  t.regex(o.message ?? '', /https:\/\/example\.com\/keys\/1/);
});
