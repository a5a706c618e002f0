import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/fs/atomicWrite.ts';
import type { IssuerDeps } from '../issuer/deps.ts';
import { createIssuer, type CreateIssuerRequest } from '../issuer/services/createIssuer.ts';
import { listIssuers } from '../issuer/stores/issuerStore.ts';
import type { VerifierDeps } from '../verifier/deps.ts';
import { diagnosticRadiologyPrivileges, policyDefinition } from '../verifier/policies/policyRules.ts';
import { createPolicy } from '../verifier/services/policies.ts';
import { pinIssuerLog } from '../verifier/services/logTrust.ts';
import { addTrustedIssuer } from '../verifier/services/trustRegistry.ts';

/** `$RADCRED_DATA_DIR/demo.json` (DESIGN §11): what `npm run demo` and scripts need to drive the demo. */
export const demoFile = z.object({
  issuerUrl: z.string().url(),
  verifierUrl: z.string().url(),
  operatorToken: z.string(),
  verifierToken: z.string(),
  logKey: z.string().nullable(),
  tenants: z.array(z.object({ id: z.string(), did: z.string(), name: z.string(), kind: z.string(), token: z.string() })),
  policies: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type DemoFile = z.infer<typeof demoFile>;

export const demoTenants: readonly CreateIssuerRequest[] = [
  { name: 'New York State Board of Medicine', kind: 'state-medical-board', jurisdiction: 'US-NY', credentialTypes: ['MedicalLicenseCredential'] },
  { name: 'American Board of Radiology', kind: 'specialty-board', credentialTypes: ['BoardCertificationCredential'] },
  { name: 'RSNA Education', kind: 'cme-provider', credentialTypes: ['CMECreditCredential'] },
];

export function demoFilePath(dataDir: string): string {
  return path.join(dataDir, 'demo.json');
}

export async function readDemoFile(dataDir: string): Promise<DemoFile | undefined> {
  let text: string;
  try {
    text = await readFile(demoFilePath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return demoFile.parse(JSON.parse(text));
}

/**
 * Seeds an empty installation: three issuing tenants, a verifier that trusts exactly them, and the
 * "Diagnostic radiology privileges" policy. Refuses a half-seeded installation rather than guessing.
 */
export async function seedDemo(options: {
  dataDir: string;
  issuer: IssuerDeps;
  verifier: VerifierDeps;
  issuerUrl: string;
  verifierUrl: string;
}): Promise<DemoFile> {
  if ((await listIssuers(options.issuer.db)).length > 0) {
    throw new Error(
      `the issuer database already has tenants but ${demoFilePath(options.dataDir)} is missing; ` +
        `delete ${options.dataDir} to reseed the demo`,
    );
  }
  const tenants: DemoFile['tenants'] = [];
  for (const request of demoTenants) {
    const { issuer, token } = await createIssuer(options.issuer, request);
    tenants.push({ id: issuer.id, did: issuer.did, name: issuer.name, kind: issuer.kind, token });
    await addTrustedIssuer(
      options.verifier,
      {
        did: issuer.did,
        name: issuer.name,
        kind: issuer.kind,
        credentialTypes: [...issuer.credentialTypes],
        jurisdictions: issuer.jurisdiction ? [issuer.jurisdiction] : [],
        statusBaseUrl: options.issuerUrl,
      },
      'demo-seed',
    );
  }
  // The hospital pins the issuer service's log key (published out of band: here, read from the
  // issuer's own deps), so every later checkpoint must be consistent with the one it trusts now.
  const logKey = options.issuer.log.verifierKey;
  await pinIssuerLog(options.verifier, { issuerServiceUrl: options.issuerUrl, verifierKey: logKey }, 'demo-seed');
  const policy = await createPolicy(options.verifier, policyDefinition.parse(diagnosticRadiologyPrivileges), 'demo-seed');
  const demo: DemoFile = {
    issuerUrl: options.issuerUrl,
    verifierUrl: options.verifierUrl,
    operatorToken: options.issuer.config.operatorToken,
    verifierToken: options.verifier.config.adminToken,
    logKey,
    tenants,
    policies: [{ id: policy.id, name: policy.name }],
  };
  await writeFileAtomic(demoFilePath(options.dataDir), JSON.stringify(demo, null, 2) + '\n');
  return demo;
}
