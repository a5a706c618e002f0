import type { PolicyRule } from './policyRules.ts';
import { describeRule } from './describeRule.ts';
import { daysBetween, isoDay, monthsBefore } from './evidenceDates.ts';

/**
 * The policy rule engine: evaluates each requirement of a credentialing policy against the
 * credentials that passed every check, and says for each whether it is met, which credentials are
 * the evidence, and why (a clerk reads `detail`). Pure: no I/O, the clock is an argument.
 */
export interface EvidenceCredential {
  /** The credential id (`urn:uuid:…`), or a positional label when it has none. */
  readonly id: string;
  readonly type: string;
  /** The subject, already validated against its type's schema. */
  readonly subject: Readonly<Record<string, unknown>>;
  readonly issuedAt: Date | undefined;
}

export interface RequirementOutcome {
  readonly rule: PolicyRule;
  readonly description: string;
  readonly met: boolean;
  /** Ids of the credentials that satisfy it (or, for an unmet age rule, the stale ones). */
  readonly evidence: readonly string[];
  readonly detail: string;
}

export interface PolicyOutcome {
  readonly satisfied: boolean;
  readonly requirements: readonly RequirementOutcome[];
}

type Rule<K extends PolicyRule['kind']> = Extract<PolicyRule, { kind: K }>;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

function outcome(rule: PolicyRule, met: boolean, evidence: readonly string[], detail: string): RequirementOutcome {
  return { rule, description: describeRule(rule), met, evidence, detail };
}

function licenseActive(rule: Rule<'license-active'>, credentials: readonly EvidenceCredential[], today: string): RequirementOutcome {
  const licenses = credentials.filter((c) => c.type === 'MedicalLicenseCredential');
  if (licenses.length === 0) return outcome(rule, false, [], 'no verified medical license was presented');
  const good: EvidenceCredential[] = [];
  const rejected: string[] = [];
  for (const license of licenses) {
    const s = license.subject;
    const label = `${str(s.jurisdiction)} license #${str(s.licenseNumber)}`;
    const restrictions = Array.isArray(s.restrictions) ? s.restrictions.length : 0;
    const why = [
      !rule.jurisdictions.includes(str(s.jurisdiction)) ? `${str(s.jurisdiction)} is not ${rule.jurisdictions.join(' or ')}` : '',
      !(rule.licenseTypes as readonly string[]).includes(str(s.licenseType)) ? `type ${str(s.licenseType)} is not ${rule.licenseTypes.join(' or ')}` : '',
      s.licenseStatus !== 'active' ? `status is ${str(s.licenseStatus)}` : '',
      rule.unrestricted && restrictions > 0 ? `${restrictions} restriction(s)` : '',
      str(s.expiresOn) < today ? `expired ${str(s.expiresOn)}` : '',
    ].filter((w) => w !== '');
    if (why.length === 0) good.push(license);
    else rejected.push(`${label}: ${why.join(', ')}`);
  }
  if (good.length > 0) {
    const first = good[0]?.subject ?? {};
    return outcome(rule, true, good.map((c) => c.id), `${str(first.jurisdiction)} ${str(first.licenseType)} license #${str(first.licenseNumber)} active${rule.unrestricted ? ', unrestricted' : ''}, expires ${str(first.expiresOn)}`);
  }
  return outcome(rule, false, [], rejected.join('; '));
}

function boardCertification(rule: Rule<'board-certification-current'>, credentials: readonly EvidenceCredential[], today: string): RequirementOutcome {
  const certificates = credentials.filter((c) => c.type === 'BoardCertificationCredential');
  if (certificates.length === 0) return outcome(rule, false, [], 'no verified board certification was presented');
  const good: EvidenceCredential[] = [];
  const rejected: string[] = [];
  for (const certificate of certificates) {
    const s = certificate.subject;
    const label = `${str(s.boardCode)} ${str(s.specialty)}`;
    const lifetime = s.certificateType === 'lifetime';
    const continuing = str(s.continuingCertificationStatus);
    const why = [
      s.boardCode !== rule.boardCode ? `board is ${str(s.boardCode)}, not ${rule.boardCode}` : '',
      s.specialty !== rule.specialty ? `specialty is ${str(s.specialty)}, not ${rule.specialty}` : '',
      !lifetime && str(s.validThrough) < today ? `lapsed ${str(s.validThrough)}` : '',
      rule.requireContinuingCertification && !['meeting-requirements', 'not-required'].includes(continuing) ? `continuing certification: ${continuing}` : '',
    ].filter((w) => w !== '');
    if (why.length === 0) good.push(certificate);
    else rejected.push(`${label}: ${why.join(', ')}`);
  }
  if (good.length > 0) {
    const s = good[0]?.subject ?? {};
    const until = s.certificateType === 'lifetime' ? 'lifetime certificate' : `valid through ${str(s.validThrough)}`;
    return outcome(rule, true, good.map((c) => c.id), `${str(s.boardCode)} ${str(s.specialty)}, ${until}, continuing certification ${str(s.continuingCertificationStatus)}`);
  }
  return outcome(rule, false, [], rejected.join('; '));
}

function cmeCredits(rule: Rule<'cme-credits'>, credentials: readonly EvidenceCredential[], now: Date): RequirementOutcome {
  const today = isoDay(now);
  const windowStart = monthsBefore(now, rule.windowMonths);
  const ofType = credentials.filter((c) => c.type === 'CMECreditCredential' && c.subject.creditType === rule.creditType);
  let outsideWindow = 0;
  let otherAccreditor = 0;
  // One activity, one count: the same provider + activity id presented twice (a re-issued or
  // duplicated credential) counts once, at its smallest claimed credit.
  const byActivity = new Map<string, EvidenceCredential>();
  let duplicates = 0;
  for (const credit of ofType) {
    const s = credit.subject;
    const completed = str(s.completionDate);
    if (completed < windowStart || completed > today) {
      outsideWindow += 1;
      continue;
    }
    if (rule.accreditors && !rule.accreditors.includes(str(s.accreditor))) {
      otherAccreditor += 1;
      continue;
    }
    const key = `${str(s.provider)}\u0000${str(s.activityId)}`;
    const seen = byActivity.get(key);
    if (seen) {
      duplicates += 1;
      if (num(s.credits) < num(seen.subject.credits)) byActivity.set(key, credit);
      continue;
    }
    byActivity.set(key, credit);
  }
  const counted = [...byActivity.values()];
  const credits = counted.reduce((sum, c) => sum + num(c.subject.credits), 0);
  const mqsa = counted.reduce((sum, c) => sum + num(c.subject.mqsaHours), 0);
  const enoughCredits = credits >= rule.minimumCredits;
  const enoughMqsa = rule.minimumMqsaHours === undefined || mqsa >= rule.minimumMqsaHours;
  const notes = [
    `${round(credits)} ${rule.creditType} from ${counted.length} ${counted.length === 1 ? 'activity' : 'activities'} completed since ${windowStart} (needs ${rule.minimumCredits})`,
    rule.minimumMqsaHours === undefined ? '' : `${round(mqsa)} MQSA hours (needs ${rule.minimumMqsaHours})`,
    duplicates > 0 ? `${duplicates} duplicate ${duplicates === 1 ? 'credential' : 'credentials'} of the same activity not counted again` : '',
    outsideWindow > 0 ? `${outsideWindow} outside the ${rule.windowMonths}-month window` : '',
    otherAccreditor > 0 ? `${otherAccreditor} from other accreditors` : '',
  ].filter((n) => n !== '');
  return outcome(rule, enoughCredits && enoughMqsa, counted.map((c) => c.id), notes.join('; '));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function evidenceMaxAge(rule: Rule<'evidence-max-age'>, evidence: readonly EvidenceCredential[], now: Date): RequirementOutcome {
  if (evidence.length === 0) return outcome(rule, true, [], 'no evidence to date');
  const stale: string[] = [];
  let oldest = 0;
  for (const credential of evidence) {
    if (credential.issuedAt === undefined) {
      stale.push(`${credential.id} has no issuance date`);
      continue;
    }
    const age = daysBetween(credential.issuedAt, now);
    oldest = Math.max(oldest, age);
    if (age > rule.maxAgeDays) stale.push(`${credential.id} was issued ${age} days ago`);
  }
  if (stale.length > 0) {
    const ids = evidence.filter((c) => stale.some((s) => s.startsWith(c.id))).map((c) => c.id);
    return outcome(rule, false, ids, `${stale.join('; ')} (at most ${rule.maxAgeDays} days)`);
  }
  return outcome(rule, true, evidence.map((c) => c.id), `all ${evidence.length} credentials used as evidence were issued within ${rule.maxAgeDays} days (oldest ${oldest} days)`);
}

export function evaluatePolicy(rules: readonly PolicyRule[], credentials: readonly EvidenceCredential[], now: Date): PolicyOutcome {
  const today = isoDay(now);
  const results = new Map<number, RequirementOutcome>();
  rules.forEach((rule, i) => {
    if (rule.kind === 'license-active') results.set(i, licenseActive(rule, credentials, today));
    else if (rule.kind === 'board-certification-current') results.set(i, boardCertification(rule, credentials, today));
    else if (rule.kind === 'cme-credits') results.set(i, cmeCredits(rule, credentials, now));
  });
  // The age rule judges the evidence the other requirements rely on.
  const usedIds = new Set([...results.values()].flatMap((r) => r.evidence));
  const used = credentials.filter((c) => usedIds.has(c.id));
  rules.forEach((rule, i) => {
    if (rule.kind === 'evidence-max-age') results.set(i, evidenceMaxAge(rule, used, now));
  });
  const requirements = rules.map((_, i) => results.get(i) as RequirementOutcome);
  return { satisfied: requirements.every((r) => r.met), requirements };
}
