import { credentialTypeOf, validUntilOf } from '../credentialShape.ts';
import type { CredentialRecord } from '../store/schemas.ts';
import type { Style } from '../ui/style.ts';
import { refOf, typeLabelOf } from '../view/credentialView.ts';

/**
 * Exactly what a presentation discloses: Ed25519Signature2020 signs whole credentials, so each one
 * goes in full — every subject field is listed, not a summary — plus the holder DID.
 */
export function disclosureLines(
  records: readonly CredentialRecord[],
  context: { verifierName: string; verifierUrl: string | undefined; holder: string; domain: string },
  style: Style,
): string[] {
  const lines = [
    style.bold(`${context.verifierName}${context.verifierUrl ? ` (${context.verifierUrl})` : ''} will receive, signed by ${context.holder} for ${context.domain}:`),
  ];
  records.forEach((record, index) => {
    lines.push(`  ${index + 1}. ${typeLabelOf(credentialTypeOf(record.credential))} ${refOf(record)} from ${record.issuer.name}, valid until ${validUntilOf(record.credential) ?? '—'}`);
    for (const [key, value] of Object.entries(record.credential.credentialSubject)) {
      lines.push(`       ${key}: ${formatValue(value)}`);
    }
  });
  lines.push(style.dim('  Each credential is sent in full (its id, issuer, status list entries and proof as well).'));
  return lines;
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map(formatValue).join(', ');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
