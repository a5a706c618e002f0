import { verifierFromKey } from '../../core/log/noteKeys.ts';
import { boundedFetchText, type TextFetcher } from '../../core/verify/boundedFetch.ts';
import { errorText } from '../../core/verify/checkResult.ts';
import { ProvenCheckpoints } from '../../core/verify/logInclusion.ts';
import { createLogMonitor, type LogMonitor } from '../../core/verify/logMonitor.ts';
import { problems } from '../../core/http/problem.ts';
import type { VerifierDeps } from '../deps.ts';
import type { VerifierDb } from '../stores/staffTokenStore.ts';
import { findTrustedLog, findTrustedLogByBaseUrl, insertTrustedLog, type TrustedLog } from '../stores/trustedLogStore.ts';

/**
 * The verifier's pinned credential logs. One log monitor (core/verify/logMonitor.ts) per pinned
 * log lives in memory, seeded from the stored trusted checkpoint; when the database holds a larger
 * checkpoint (another verifier process advanced it), the monitor catches up through a consistency
 * proof rather than by taking it on faith.
 */
export class LogTrust {
  readonly #monitors = new Map<string, { verifierKey: string; monitor: LogMonitor; proven: ProvenCheckpoints }>();
  readonly #fetchText: TextFetcher;
  readonly timeoutMs: number;

  constructor(options: { fetchText?: TextFetcher; timeoutMs?: number } = {}) {
    this.#fetchText = options.fetchText ?? boundedFetchText;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** A monitor for the pinned log, or a reason it cannot be used. */
  async monitorFor(log: TrustedLog): Promise<{ ok: true; monitor: LogMonitor; proven: ProvenCheckpoints } | { ok: false; code: string; detail: string }> {
    let entry = this.#monitors.get(log.origin);
    if (!entry || entry.verifierKey !== log.verifierKey) {
      try {
        const monitor = createLogMonitor({
          verifierKey: log.verifierKey,
          baseUrl: log.baseUrl,
          fetchText: (url) => this.#fetchText(url, { timeoutMs: this.timeoutMs, maxBytes: 64 * 1024 }),
          ...(log.checkpoint === null ? {} : { trustedCheckpoint: log.checkpoint }),
        });
        entry = { verifierKey: log.verifierKey, monitor, proven: new ProvenCheckpoints() };
        this.#monitors.set(log.origin, entry);
      } catch (error) {
        return { ok: false, code: 'log.pin_invalid', detail: `the pinned log ${log.origin} is misconfigured: ${errorText(error)}` };
      }
    }
    const trustedSize = entry.monitor.trusted()?.size;
    if (log.checkpoint !== null && log.checkpointSize !== null && (trustedSize === undefined || log.checkpointSize > trustedSize)) {
      const caughtUp = await entry.monitor.check(log.checkpoint);
      if (!caughtUp.ok) return { ok: false, code: caughtUp.code, detail: `the stored trusted checkpoint of ${log.origin} does not verify: ${caughtUp.reason}` };
    }
    return { ok: true, monitor: entry.monitor, proven: entry.proven };
  }

  forget(origin: string): void {
    this.#monitors.delete(origin);
  }

  fetchText(): TextFetcher {
    return this.#fetchText;
  }
}

export interface PinLogRequest {
  /** The issuer service base URL (the log is under `<base>/log/`). */
  readonly issuerServiceUrl: string;
  /** The log's verifier key as published out of band; when absent, the key the service serves is pinned (trust on first use). */
  readonly verifierKey?: string | undefined;
}

/**
 * Pins an issuer service's credential log: reads `GET <base>/log/key` (which must equal a key given
 * out of band), then the current checkpoint, verified by that key, becomes the first trusted one.
 * Idempotent for the same key; a different key for a pinned log is a conflict (re-pin deliberately).
 * The demo seed calls this after importing the trusted issuers.
 */
export async function pinIssuerLog(deps: VerifierDeps, request: PinLogRequest, actor: string, db: VerifierDb = deps.db): Promise<TrustedLog> {
  const baseUrl = request.issuerServiceUrl.replace(/\/+$/, '');
  const fetchText = deps.logTrust.fetchText();
  const timeoutMs = deps.logTrust.timeoutMs;
  const served = await fetchText(`${baseUrl}/log/key`, { timeoutMs, maxBytes: 4096 });
  if (!served.ok) throw problems.badRequest(`could not read the log key of ${baseUrl}: ${served.reason}`);
  const servedKey = served.text.trim();
  if (request.verifierKey !== undefined && request.verifierKey.trim() !== servedKey) {
    throw problems.conflict(`${baseUrl}/log/key serves a different key than the one given: refusing to pin`);
  }
  let origin: string;
  try {
    origin = verifierFromKey(servedKey).name;
  } catch (error) {
    throw problems.badRequest(`${baseUrl}/log/key is not a C2SP verifier key: ${errorText(error)}`);
  }
  const existing = (await findTrustedLog(db, origin)) ?? (await findTrustedLogByBaseUrl(db, baseUrl));
  if (existing) {
    if (existing.verifierKey === servedKey && existing.baseUrl === baseUrl) return existing;
    throw problems.conflict(`a log is already pinned for ${existing.origin} at ${existing.baseUrl} with ${existing.verifierKey === servedKey ? 'another base URL' : 'another key'}; remove it first`);
  }
  const monitor = createLogMonitor({ verifierKey: servedKey, baseUrl, fetchText: (url) => fetchText(url, { timeoutMs, maxBytes: 64 * 1024 }) });
  const latest = await monitor.update();
  if (!latest.ok) throw problems.badRequest(`the log's current checkpoint is not acceptable: ${latest.reason}`);
  await insertTrustedLog(db, {
    origin,
    verifierKey: servedKey,
    baseUrl,
    checkpoint: latest.checkpoint.note,
    checkpointSize: latest.checkpoint.size,
    addedBy: actor,
  });
  deps.logTrust.forget(origin);
  deps.trustReads.invalidate();
  deps.logger.info({ origin, baseUrl, size: latest.checkpoint.size.toString(), actor }, 'credential log pinned');
  return (await findTrustedLog(db, origin)) as TrustedLog;
}
