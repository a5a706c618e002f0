import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { generateApiToken } from '../core/auth/apiTokens.ts';
import { writeFileAtomic } from '../core/fs/atomicWrite.ts';

/**
 * Outside production, the secrets the environment does not provide are generated once and kept in
 * `$RADCRED_DATA_DIR/demo-secrets.json` (mode 0600) so the demo survives restarts. Production never
 * reads this file: missing secrets are a start-up error there.
 */
export interface DemoSecrets {
  readonly operatorToken: string;
  readonly keyEncryptionKey: Buffer;
  readonly verifierToken: string;
}

const secretsFile = z.object({
  operatorToken: z.string().min(24),
  keyEncryptionKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  verifierToken: z.string().min(24),
});

export async function loadOrCreateDemoSecrets(dataDir: string): Promise<DemoSecrets> {
  const file = path.join(dataDir, 'demo-secrets.json');
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    const parsed = secretsFile.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${file} is damaged; delete ${dataDir} to start the demo afresh`);
    return { ...parsed.data, keyEncryptionKey: Buffer.from(parsed.data.keyEncryptionKey, 'base64url') };
  }
  const secrets = {
    operatorToken: generateApiToken('rcop'),
    keyEncryptionKey: randomBytes(32),
    verifierToken: generateApiToken('rcvs'),
  };
  await writeFileAtomic(
    file,
    JSON.stringify({ ...secrets, keyEncryptionKey: secrets.keyEncryptionKey.toString('base64url') }, null, 2) + '\n',
  );
  return secrets;
}
