import { chmod, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { writeFileAtomic } from '../../core/fs/atomicWrite.ts';
import { WalletError } from '../errors.ts';
import {
  credentialRecordSchema,
  trustFileSchema,
  walletFileSchema,
  type CredentialRecord,
  type TrustFile,
  type WalletFile,
} from './schemas.ts';

/**
 * The wallet directory on disk. Every write goes through writeFileAtomic (temporary file, fsync,
 * rename, fsync directory; mode 0600 from creation), so a crash leaves the previous file intact;
 * leftover temporary files (`.name.xxxx.tmp`) are ignored when reading and swept on `init`.
 */
export const WALLET_FILE = 'wallet.json';
export const TRUST_FILE = 'trust.json';
export const CREDENTIALS_DIR = 'credentials';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

export class WalletStore {
  readonly home: string;

  constructor(home: string) {
    this.home = home;
  }

  get walletPath(): string {
    return path.join(this.home, WALLET_FILE);
  }

  get trustPath(): string {
    return path.join(this.home, TRUST_FILE);
  }

  get credentialsDir(): string {
    return path.join(this.home, CREDENTIALS_DIR);
  }

  credentialPath(credentialHash: string): string {
    return path.join(this.credentialsDir, `${credentialHash.replace(/^sha256:/, '')}.json`);
  }

  async exists(): Promise<boolean> {
    return (await readOptional(this.walletPath)) !== undefined;
  }

  /** Creates the directories (0700, tightened if they exist) and writes wallet.json; refuses to overwrite. */
  async create(wallet: WalletFile): Promise<void> {
    if (await this.exists()) {
      throw new WalletError('wallet.exists', `a wallet already exists at ${this.home} (choose another RADWALLET_HOME, or restore into an empty one with import)`);
    }
    await this.ensureDirectories();
    await this.writeJson(this.walletPath, wallet);
  }

  /** Replaces wallet.json (import). */
  async replaceWallet(wallet: WalletFile): Promise<void> {
    await this.ensureDirectories();
    await this.writeJson(this.walletPath, wallet);
  }

  async ensureDirectories(): Promise<void> {
    for (const dir of [this.home, this.credentialsDir]) {
      await mkdir(dir, { recursive: true, mode: DIR_MODE });
      // mkdir's mode is masked by the umask and ignored for an existing directory.
      await chmod(dir, DIR_MODE);
    }
  }

  async readWallet(): Promise<WalletFile> {
    const text = await readOptional(this.walletPath);
    if (text === undefined) {
      throw new WalletError('wallet.missing', `no wallet at ${this.home}: run "radwallet init" first (or set RADWALLET_HOME)`);
    }
    return parseFile(this.walletPath, text, walletFileSchema);
  }

  async listCredentials(): Promise<CredentialRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.credentialsDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: CredentialRecord[] = [];
    for (const name of names.filter((n) => /^[0-9a-f]{64}\.json$/.test(n)).sort()) {
      const file = path.join(this.credentialsDir, name);
      const text = await readOptional(file);
      if (text === undefined) continue; // removed meanwhile
      const record = parseFile(file, text, credentialRecordSchema);
      if (`${record.credentialHash.slice('sha256:'.length)}.json` !== name) {
        throw new WalletError('wallet.corrupt', `${file} holds the credential ${record.credentialHash}, not the one its name says`);
      }
      records.push(record);
    }
    return records.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.credentialHash.localeCompare(b.credentialHash));
  }

  async saveCredential(record: CredentialRecord): Promise<void> {
    await this.ensureDirectories();
    credentialRecordSchema.parse(record); // never write what we could not read back
    await this.writeJson(this.credentialPath(record.credentialHash), record);
  }

  async removeCredential(record: CredentialRecord): Promise<void> {
    await rm(this.credentialPath(record.credentialHash));
  }

  async readTrust(): Promise<TrustFile> {
    const text = await readOptional(this.trustPath);
    if (text === undefined) return { v: 1, logs: {} };
    return parseFile(this.trustPath, text, trustFileSchema);
  }

  async saveTrust(trust: TrustFile): Promise<void> {
    await this.ensureDirectories();
    trustFileSchema.parse(trust);
    await this.writeJson(this.trustPath, trust);
  }

  /** Forgets every pinned log key and checkpoint (import --force of a backup that had none). */
  async removeTrust(): Promise<void> {
    await rm(this.trustPath, { force: true });
  }

  /** Every wallet file by its path relative to home ('/' separated), exactly as stored (for export). */
  async snapshot(): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    const wallet = await readOptional(this.walletPath);
    if (wallet === undefined) await this.readWallet(); // throws the "no wallet" error
    files.set(WALLET_FILE, wallet as string);
    const trust = await readOptional(this.trustPath);
    if (trust !== undefined) files.set(TRUST_FILE, trust);
    for (const record of await this.listCredentials()) {
      const relative = `${CREDENTIALS_DIR}/${record.credentialHash.slice('sha256:'.length)}.json`;
      files.set(relative, (await readOptional(path.join(this.home, relative))) as string);
    }
    return files;
  }

  /** Writes files given by relative path, byte for byte (import); paths were validated by the caller. */
  async writeRaw(relativePath: string, content: string): Promise<void> {
    await this.ensureDirectories();
    await writeFileAtomic(path.join(this.home, ...relativePath.split('/')), content, FILE_MODE);
  }

  /** Removes every credential record (import --force replaces the wallet). */
  async removeAllCredentials(): Promise<void> {
    for (const record of await this.listCredentials()) await this.removeCredential(record);
  }

  /** Removes temporary files a crash mid-write may have left behind. */
  async sweepTemporaryFiles(): Promise<void> {
    for (const dir of [this.home, this.credentialsDir]) {
      let names: string[] = [];
      try {
        names = await readdir(dir);
      } catch {
        continue;
      }
      for (const name of names.filter((n) => n.startsWith('.') && n.endsWith('.tmp'))) {
        await rm(path.join(dir, name), { force: true });
      }
    }
  }

  /** The mode of the home directory, or undefined if it does not exist. */
  async homeMode(): Promise<number | undefined> {
    try {
      return (await stat(this.home)).mode & 0o777;
    } catch {
      return undefined;
    }
  }

  private async writeJson(file: string, value: unknown): Promise<void> {
    await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, FILE_MODE);
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WalletError('wallet.corrupt', `cannot read ${file}: ${(error as Error).message}`);
  }
}

function parseFile<S extends z.ZodType>(file: string, text: string, schema: S): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WalletError('wallet.corrupt', `${file} is not valid JSON (damaged or edited by hand)`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WalletError('wallet.corrupt', `${file} is not a valid radwallet file (${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'})`);
  }
  return parsed.data;
}
