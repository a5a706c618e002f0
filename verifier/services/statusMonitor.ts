import { randomUUID } from 'node:crypto';
import { errorText } from '../../core/verify/checkResult.ts';
import { checkCredentialStatus } from '../../core/verify/statusCheck.ts';
import { StatusListClient } from '../../core/verify/statusListClient.ts';
import type { VerifierDeps } from '../deps.ts';
import { insertAlert, listActiveMonitored, updateMonitoredStatus, type AlertKind, type MonitoredCredential } from '../stores/monitorStore.ts';
import { findTrustedIssuer } from '../stores/trustedIssuerStore.ts';

/**
 * The status monitor (DESIGN §8): on an interval it re-reads the status lists of every credential in
 * an accepted report — straight from the issuer, bypassing the verification cache — and records an
 * alert when a credential is revoked, suspended or reinstated, or its status can no longer be read.
 * A revoked credential stays revoked, so it leaves monitoring.
 */
export interface MonitorRunSummary {
  readonly checked: number;
  readonly alerts: number;
  readonly errors: number;
}

export interface StatusMonitor {
  /** One pass over every monitored credential (tests and `POST /monitor/run` call it). */
  runOnce(): Promise<MonitorRunSummary>;
  start(): void;
  /** Stops the interval and waits for a pass in progress. */
  stop(): Promise<void>;
}

interface Change {
  readonly kind: AlertKind;
  readonly detail: string;
}

function changesOf(before: MonitoredCredential, revoked: boolean | undefined, suspended: boolean | undefined): Change[] {
  const changes: Change[] = [];
  const what = `${before.credentialType} "${before.summary}"${before.credentialId ? ` (${before.credentialId})` : ''}`;
  if (revoked === true && before.revoked !== true) changes.push({ kind: 'revoked', detail: `the issuer revoked ${what}` });
  if (suspended === true && before.suspended !== true) changes.push({ kind: 'suspended', detail: `the issuer suspended ${what}` });
  if (suspended === false && before.suspended === true) changes.push({ kind: 'reinstated', detail: `the issuer lifted the suspension of ${what}` });
  return changes;
}

export function createStatusMonitor(deps: VerifierDeps): StatusMonitor {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<MonitorRunSummary> | undefined;

  async function pass(): Promise<MonitorRunSummary> {
    // A client per pass: every list is fetched fresh once, however many credentials share it.
    const lists = new StatusListClient({ ttlMs: 10 * 60_000, now: deps.now, timeoutMs: deps.config.fetchTimeoutSeconds * 1000 });
    const monitored = await listActiveMonitored(deps.db);
    let alerts = 0;
    let errors = 0;
    for (const credential of monitored) {
      const now = deps.now();
      const issuer = await findTrustedIssuer(deps.db, credential.issuerDid);
      const outcomes = await checkCredentialStatus(credential.credential, { client: lists, allowedBaseUrl: issuer?.statusBaseUrl ?? null, fresh: true });
      const revocation = outcomes.find((o) => o.purpose === 'revocation');
      const suspension = outcomes.find((o) => o.purpose === 'suspension');
      const unreadable = outcomes.filter((o) => o.value === undefined && o.result.code !== 'status.not_listed');
      const error = issuer === undefined ? 'the issuer was removed from the trust registry' : unreadable.map((o) => o.result.detail).join('; ') || null;
      const changes = changesOf(credential, revocation?.value, suspension?.value);
      if (error !== null && credential.lastError === null) {
        changes.push({ kind: 'status-unavailable', detail: `the status of ${credential.credentialType} "${credential.summary}" cannot be read: ${error}` });
      }
      if (error !== null) errors += 1;
      const revoked = revocation?.value ?? credential.revoked;
      await deps.db.transaction().execute(async (trx) => {
        for (const change of changes) {
          await insertAlert(trx, {
            id: randomUUID(),
            monitoredCredentialId: credential.id,
            reportId: credential.reportId,
            requestId: credential.requestId,
            credentialId: credential.credentialId,
            issuerDid: credential.issuerDid,
            kind: change.kind,
            detail: change.detail,
          });
        }
        await updateMonitoredStatus(trx, credential.id, {
          revoked,
          suspended: suspension?.value ?? credential.suspended,
          active: revoked !== true,
          lastCheckedAt: now,
          lastError: error,
        });
      });
      alerts += changes.length;
      for (const change of changes) deps.logger.warn({ alert: change.kind, credentialId: credential.credentialId, reportId: credential.reportId }, change.detail);
    }
    return { checked: monitored.length, alerts, errors };
  }

  function runOnce(): Promise<MonitorRunSummary> {
    // Passes never overlap: a slow pass makes the next tick wait for it.
    if (!running) running = pass().finally(() => (running = undefined));
    return running;
  }

  return {
    runOnce,
    start() {
      const seconds = deps.config.monitorIntervalSeconds;
      if (seconds <= 0 || timer) return;
      timer = setInterval(() => {
        runOnce().catch((error: unknown) => deps.logger.error({ err: errorText(error) }, 'status monitor pass failed'));
      }, seconds * 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}
