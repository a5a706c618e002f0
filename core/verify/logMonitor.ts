import {
  decodeBase64Strict,
  HASH_SIZE,
  LogError,
  openCheckpoint,
  verifierFromKey,
  verifyConsistency,
  type KeyedNoteVerifier,
} from '../log/index.ts';

/**
 * A credential-log monitor (DESIGN §4, §8): it pins the log's verifier key and keeps the largest
 * checkpoint it trusts. A newer checkpoint is accepted only if it is signed by the pinned key and a
 * consistency proof fetched from the log shows the trusted tree is its prefix, so a log that
 * rewrites history or shows different trees to different people (a fork) is caught. A smaller
 * checkpoint never replaces the trusted one. Failures are coded results, never exceptions.
 */

export type LogMonitorCode =
  | 'log.checkpoint.bad_signature'
  | 'log.checkpoint.malformed'
  | 'log.checkpoint.origin_mismatch'
  | 'log.checkpoint.rollback'
  | 'log.checkpoint.inconsistent'
  | 'log.checkpoint.unreachable';

export interface MonitoredCheckpoint {
  readonly size: bigint;
  readonly root: Uint8Array;
  /** The signed note, as received: store it to resume monitoring later. */
  readonly note: string;
}

export type LogMonitorResult =
  | {
      readonly ok: true;
      /** The checkpoint checked (for update(): the log's latest, now trusted). */
      readonly checkpoint: MonitoredCheckpoint;
      /** The trusted checkpoint moved forward. */
      readonly advanced: boolean;
    }
  | { readonly ok: false; readonly code: LogMonitorCode; readonly reason: string };

/** The text of a GET, or a failure; `boundedFetchText` (core/verify/boundedFetch.ts) fits. */
export type MonitorFetch = (
  url: string,
) => Promise<string | { readonly ok: true; readonly text: string } | { readonly ok: false; readonly status?: number; readonly reason: string }>;

export interface LogMonitorOptions {
  /** The log's pinned C2SP verifier key (`name+hex8(keyID)+base64(0x01 || key)`). */
  readonly verifierKey: string;
  /** Expected checkpoint origin; defaults to the key name. */
  readonly origin?: string;
  /** The issuer service's base URL; the log is under `<baseUrl>/log/`. Default '' (relative URLs). */
  readonly baseUrl?: string;
  readonly fetchText: MonitorFetch;
  /** The signed checkpoint trusted so far (e.g. from the last run), if any. */
  readonly trustedCheckpoint?: string;
}

export interface LogMonitor {
  /** Fetches the log's latest checkpoint and trusts it if it verifies and is consistent. */
  update(): Promise<LogMonitorResult>;
  /**
   * Checks a checkpoint obtained elsewhere (a receipt's): signed by the pinned key and consistent
   * with the trusted one in either direction. A larger one becomes trusted; a smaller one is proved
   * to be a prefix of the trusted tree and leaves it unchanged.
   */
  check(signedCheckpoint: string): Promise<LogMonitorResult>;
  /** The checkpoint trusted now, if any. */
  trusted(): MonitoredCheckpoint | undefined;
}

type Failure = Extract<LogMonitorResult, { ok: false }>;

function fail(code: LogMonitorCode, reason: string): Failure {
  return { ok: false, code, reason };
}

function openSigned(note: string, verifier: KeyedNoteVerifier, origin: string): MonitoredCheckpoint | Failure {
  try {
    const opened = openCheckpoint(note, { log: verifier, origin });
    return { size: opened.checkpoint.size, root: opened.checkpoint.root, note };
  } catch (error) {
    if (!(error instanceof LogError)) throw error;
    switch (error.code) {
      case 'log.note.bad_signature':
      case 'log.note.unverified':
      case 'log.checkpoint.unsigned':
        return fail('log.checkpoint.bad_signature', `checkpoint is not signed by the pinned log key: ${error.message}`);
      case 'log.checkpoint.origin_mismatch':
        return fail('log.checkpoint.origin_mismatch', error.message);
      default:
        return fail('log.checkpoint.malformed', `checkpoint is malformed: ${error.message}`);
    }
  }
}

function isFailure(value: MonitoredCheckpoint | Failure): value is Failure {
  return 'ok' in value;
}

function parseProofResponse(text: string, from: bigint, to: bigint): Uint8Array[] | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the consistency proof response is not JSON';
  }
  if (typeof body !== 'object' || body === null) return 'the consistency proof response is not an object';
  const { from: gotFrom, to: gotTo, proof } = body as { from?: unknown; to?: unknown; proof?: unknown };
  if (String(gotFrom) !== from.toString() || String(gotTo) !== to.toString()) {
    return `the log answered a proof from ${String(gotFrom)} to ${String(gotTo)}, not ${from} to ${to}`;
  }
  if (!Array.isArray(proof) || proof.length > 128) return 'the consistency proof is not a list of hashes';
  const hashes: Uint8Array[] = [];
  for (const item of proof) {
    const hash = typeof item === 'string' ? decodeBase64Strict(item) : undefined;
    if (hash === undefined || hash.length !== HASH_SIZE) return 'the consistency proof holds an item that is not a base64 SHA-256 hash';
    hashes.push(hash);
  }
  return hashes;
}

export function createLogMonitor(options: LogMonitorOptions): LogMonitor {
  // A malformed pinned key or trusted checkpoint is a configuration error: it throws here.
  const verifier = verifierFromKey(options.verifierKey);
  const origin = options.origin ?? verifier.name;
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  let trusted: MonitoredCheckpoint | undefined;
  if (options.trustedCheckpoint !== undefined) {
    const opened = openSigned(options.trustedCheckpoint, verifier, origin);
    if (isFailure(opened)) throw new LogError('log.checkpoint.malformed', `the trusted checkpoint does not verify: ${opened.reason}`);
    trusted = opened;
  }
  // update() and check() run one at a time, so two cannot both advance from the same trusted state.
  let queue: Promise<unknown> = Promise.resolve();
  function serialised(task: () => Promise<LogMonitorResult>): Promise<LogMonitorResult> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  /** GETs a log resource; `refusal` is the code when the log answers 400/404 (it will not serve it). */
  async function fetchText(path: string, refusal: LogMonitorCode = 'log.checkpoint.unreachable'): Promise<{ text: string } | Failure> {
    const url = `${base}${path}`;
    try {
      const response = await options.fetchText(url);
      if (typeof response === 'string') return { text: response };
      if (response.ok) return { text: response.text };
      if (response.status === 400 || response.status === 404) return fail(refusal, `the log refused to serve ${path}: ${response.reason}`);
      return fail('log.checkpoint.unreachable', response.reason);
    } catch (error) {
      return fail('log.checkpoint.unreachable', `GET ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Proves `older` is a prefix of `newer` with a proof fetched from the log. */
  async function proveConsistent(older: MonitoredCheckpoint, newer: MonitoredCheckpoint): Promise<Failure | undefined> {
    let proof: Uint8Array[] = [];
    if (older.size !== 0n && older.size !== newer.size) {
      // A log that will not prove a signed size (it has no such tree) cannot show consistency.
      const fetched = await fetchText(`/log/proof/consistency?from=${older.size}&to=${newer.size}`, 'log.checkpoint.inconsistent');
      if ('ok' in fetched) return fetched;
      const parsed = parseProofResponse(fetched.text, older.size, newer.size);
      if (typeof parsed === 'string') return fail('log.checkpoint.inconsistent', `the log did not prove consistency: ${parsed}`);
      proof = parsed;
    }
    try {
      verifyConsistency({ size1: older.size, size2: newer.size, root1: older.root, root2: newer.root, proof, oldSizeZero: 'accept' });
      return undefined;
    } catch (error) {
      if (!(error instanceof LogError)) throw error;
      return fail(
        'log.checkpoint.inconsistent',
        `checkpoint of size ${newer.size} is not consistent with the trusted one of size ${older.size}: ${error.message}`,
      );
    }
  }

  async function accept(note: string, olderIsRollback: boolean): Promise<LogMonitorResult> {
    const candidate = openSigned(note, verifier, origin);
    if (isFailure(candidate)) return candidate;
    const current = trusted;
    if (current === undefined) {
      trusted = candidate;
      return { ok: true, checkpoint: candidate, advanced: true };
    }
    if (candidate.size < current.size) {
      if (olderIsRollback) {
        return fail('log.checkpoint.rollback', `the log's checkpoint has size ${candidate.size}, smaller than the trusted ${current.size}`);
      }
      const inconsistent = await proveConsistent(candidate, current);
      return inconsistent ?? { ok: true, checkpoint: candidate, advanced: false };
    }
    const inconsistent = await proveConsistent(current, candidate);
    if (inconsistent !== undefined) return inconsistent;
    const advanced = candidate.size > current.size;
    if (advanced) trusted = candidate;
    return { ok: true, checkpoint: candidate, advanced };
  }

  return {
    update: () =>
      serialised(async () => {
        const fetched = await fetchText('/log/checkpoint');
        if ('ok' in fetched) return fetched;
        return accept(fetched.text, true);
      }),
    check: (signedCheckpoint) => serialised(() => accept(signedCheckpoint, false)),
    trusted: () => trusted,
  };
}
