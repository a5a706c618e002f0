import test from 'ava';
import fc from 'fast-check';
import { evaluatePolicy, type EvidenceCredential } from '../policies/evaluatePolicy.ts';
import { monthsBefore } from '../policies/evidenceDates.ts';
import { diagnosticRadiologyPrivileges, policyDefinition, type PolicyRule } from '../policies/policyRules.ts';
import { credentialQueryFor } from '../policies/presentationQuery.ts';
import { rulePacks } from '../policies/rulePacks.ts';

const now = new Date('2026-11-23T12:00:00Z');
const rules = policyDefinition.parse(diagnosticRadiologyPrivileges).rules;

function license(overrides: Record<string, unknown> = {}, id = 'urn:uuid:license'): EvidenceCredential {
  return {
    id,
    type: 'MedicalLicenseCredential',
    issuedAt: new Date('2026-01-01'),
    subject: { jurisdiction: 'US-NY', licenseNumber: '298311', licenseType: 'MD', licenseStatus: 'active', expiresOn: '2027-06-30', restrictions: [], ...overrides },
  };
}

function board(overrides: Record<string, unknown> = {}): EvidenceCredential {
  return {
    id: 'urn:uuid:board',
    type: 'BoardCertificationCredential',
    issuedAt: new Date('2026-01-01'),
    subject: { boardCode: 'ABR', specialty: 'Diagnostic Radiology', certificateType: 'time-limited', continuingCertificationStatus: 'meeting-requirements', validThrough: '2030-12-31', ...overrides },
  };
}

function cme(id: string, credits: number, completionDate: string, overrides: Record<string, unknown> = {}): EvidenceCredential {
  return {
    id,
    type: 'CMECreditCredential',
    issuedAt: new Date(`${completionDate}T00:00:00Z`),
    subject: { provider: 'RSNA', activityId: id, accreditor: 'ACCME', creditType: 'AMA PRA Category 1 Credit', completionDate, credits, ...overrides },
  };
}

const enoughCme = [cme('a', 40, '2025-01-10'), cme('b', 35.5, '2026-06-01')];

test('the privileges policy is met by an active unrestricted NY license, current ABR DR certification and 75 credits in 36 months', (t) => {
  const outcome = evaluatePolicy(rules, [license(), board(), ...enoughCme], now);
  t.true(outcome.satisfied);
  t.deepEqual(outcome.requirements.map((r) => r.evidence), [['urn:uuid:license'], ['urn:uuid:board'], ['a', 'b']]);
  t.is(outcome.requirements[2]?.detail, '75.5 AMA PRA Category 1 Credit from 2 activities completed since 2023-11-23 (needs 75)');
});

test('license rule: jurisdiction set, active status, restrictions, type and expiry each disqualify with a reason', (t) => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ jurisdiction: 'US-PA' }, /US-PA is not US-NY or US-NJ/],
    [{ licenseStatus: 'probation' }, /status is probation/],
    [{ restrictions: ['no fluoroscopy'] }, /1 restriction/],
    [{ expiresOn: '2026-11-22' }, /expired 2026-11-22/],
  ];
  for (const [overrides, reason] of cases) {
    const requirement = evaluatePolicy(rules, [license(overrides), board(), ...enoughCme], now).requirements[0];
    t.false(requirement?.met);
    t.regex(requirement?.detail ?? '', reason);
  }
  t.true(evaluatePolicy(rules, [license({ jurisdiction: 'US-NJ' }), board(), ...enoughCme], now).satisfied);
  t.regex(evaluatePolicy(rules, [board(), ...enoughCme], now).requirements[0]?.detail ?? '', /no verified medical license/);
});

test('board rule: another specialty, a lapsed certificate or lapsed continuing certification do not count; lifetime certificates do', (t) => {
  t.false(evaluatePolicy(rules, [license(), board({ specialty: 'Radiation Oncology' }), ...enoughCme], now).satisfied);
  t.false(evaluatePolicy(rules, [license(), board({ validThrough: '2026-01-01' }), ...enoughCme], now).satisfied);
  t.false(evaluatePolicy(rules, [license(), board({ continuingCertificationStatus: 'lapsed' }), ...enoughCme], now).satisfied);
  t.true(evaluatePolicy(rules, [license(), board({ certificateType: 'lifetime', validThrough: undefined, continuingCertificationStatus: 'not-required' }), ...enoughCme], now).satisfied);
});

test('CME rule: credits outside the rolling window, of another type, or for an activity already counted are not summed', (t) => {
  const credits = [cme('a', 40, '2025-01-10'), cme('old', 50, '2023-11-22'), cme('cat2', 50, '2026-01-01', { creditType: 'AMA PRA Category 2 Credit' }), cme('dup', 35, '2026-06-01', { activityId: 'a' })];
  const requirement = evaluatePolicy(rules, [license(), board(), ...credits], now).requirements[2];
  t.false(requirement?.met);
  t.deepEqual(requirement?.evidence, ['dup']);
  t.regex(requirement?.detail ?? '', /^35 AMA PRA Category 1 Credit from 1 activity .*1 duplicate credential of the same activity not counted again; 1 outside the 36-month window/);
  t.true(evaluatePolicy(rules, [license(), board(), cme('edge', 75, '2023-11-23')], now).requirements[2]?.met, 'the window includes its first day');
});

test('CME rule (property): presenting a credential again never increases the credited sum', (t) => {
  const rule: PolicyRule = { kind: 'cme-credits', creditType: 'AMA PRA Category 1 Credit', minimumCredits: 1, windowMonths: 36 };
  const arbitraryCredit = fc.record({
    activity: fc.integer({ min: 0, max: 5 }),
    quarters: fc.integer({ min: 1, max: 200 }),
    day: fc.integer({ min: 0, max: 1500 }),
  });
  fc.assert(
    fc.property(fc.array(arbitraryCredit, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), (items, repeats) => {
      const credentials = items.map((item, i) =>
        cme(`c${i}`, item.quarters / 4, new Date(now.getTime() - item.day * 86_400_000).toISOString().slice(0, 10), { activityId: `act-${item.activity}` }),
      );
      const sum = (list: EvidenceCredential[]) => Number(/^([\d.]+) /.exec(evaluatePolicy([rule], list, now).requirements[0]?.detail ?? '')?.[1]);
      const again = [...credentials, ...repeats.filter(() => credentials.length > 0).map((r) => ({ ...(credentials[r % credentials.length] as EvidenceCredential), id: `again-${r}` }))];
      const distinct = new Set(credentials.filter((c) => String(c.subject.completionDate) >= monthsBefore(now, 36)).map((c) => c.subject.activityId)).size;
      const counted = evaluatePolicy([rule], credentials, now).requirements[0]?.evidence.length;
      return sum(again) <= sum(credentials) && counted === distinct;
    }),
  );
  t.pass();
});

test('evidence-max-age: met only when every credential the other requirements rely on is recent enough', (t) => {
  const withAge = [...rules, { kind: 'evidence-max-age' as const, maxAgeDays: 365 }];
  const fresh = evaluatePolicy(withAge, [license(), board(), ...enoughCme.map((c) => ({ ...c, issuedAt: new Date('2026-06-01') }))], now);
  t.true(fresh.satisfied);
  const stale = evaluatePolicy(withAge, [license({}, 'urn:uuid:old-license'), board(), ...enoughCme].map((c) => (c.id === 'urn:uuid:old-license' ? { ...c, issuedAt: new Date('2024-01-01') } : c)), now);
  const requirement = stale.requirements[3];
  t.false(requirement?.met);
  t.deepEqual(requirement?.evidence.includes('urn:uuid:old-license'), true);
  t.regex(requirement?.detail ?? '', /urn:uuid:old-license was issued \d+ days ago/);
});

test('rule packs are valid policies, and each rule becomes a wallet query item', (t) => {
  const ids = rulePacks.map((p) => p.id);
  t.deepEqual(ids, ['abr-continuing-certification', 'ca-license-renewal-cme']);
  for (const pack of rulePacks) {
    const parsed = policyDefinition.parse(pack.policy);
    t.true(parsed.rules.length >= 2);
  }
  const abr = policyDefinition.parse(rulePacks[0]?.policy);
  t.like(abr.rules[1], { kind: 'cme-credits', minimumCredits: 75, windowMonths: 36 });
  const query = credentialQueryFor(rules, now);
  t.deepEqual(query[2], {
    required: true,
    reason: '75 AMA PRA Category 1 Credit in the last 36 months (each activity counted once)',
    multiple: true,
    example: { type: 'CMECreditCredential', credentialSubject: { creditType: 'AMA PRA Category 1 Credit', completionDate: { after: '2023-11-23' } } },
  });
  t.is(monthsBefore(new Date('2026-05-31T00:00:00Z'), 3), '2026-02-28');
});
