import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isRadCredType, type RadCredTypeName } from '../../core/credential/registry.ts';
import { writeFileAtomic } from '../../core/fs/atomicWrite.ts';
import { CsvError, parseCsv } from './csv.ts';
import type { Progress } from './progress.ts';
import { columnForPath, rosterLayout, rosterRow, RosterLayoutError, type RosterLayout, type RosterRow, type RowProblem } from './rosterRows.ts';

/**
 * `issue-roster`: a board's renewal cycle as one command. The roster is read and checked row by row
 * first (every bad cell is reported, nothing is sent for that row), the good rows go to the issuer's
 * issue-batch endpoint in chunks, and whatever the server still refuses is traced back to its row
 * and column. Issued credentials (with their log receipts) are written to the output file.
 */
export interface RosterOptions {
  readonly issuerUrl: string;
  readonly token: string;
  readonly issuerId: string;
  readonly file: string;
  readonly type?: string | undefined;
  readonly output?: string | undefined;
  readonly batchSize: number;
  readonly progress: Progress;
}

export interface IssuedRow {
  readonly line: number;
  readonly verifiableCredential: Record<string, unknown>;
  readonly receipt: unknown;
}

export interface RosterOutcome {
  readonly rows: number;
  readonly issued: number;
  readonly problems: readonly RowProblem[];
  readonly outputFile: string;
}

/** A problem with the run as a whole (file, header, credentials, issuer): nothing more can be done. */
export class RosterError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'RosterError';
    this.code = code;
  }
}

interface DirectoryEntry {
  readonly id: string;
  readonly name: string;
  readonly did: string;
  readonly jurisdiction: string | null;
  readonly credentialTypes: readonly string[];
}

interface ProblemBody {
  readonly title?: string;
  readonly detail?: string;
  readonly errors?: ReadonlyArray<{ path: string; message: string }>;
}

async function request(url: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new RosterError('roster.http.unreachable', `cannot reach ${new URL(url).origin}: ${(error as Error).message}`);
  }
  const text = await response.text();
  try {
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  } catch {
    return { status: response.status, body: text };
  }
}

async function issuerEntry(options: RosterOptions): Promise<DirectoryEntry> {
  const answer = await request(`${options.issuerUrl}/issuers`, { headers: { accept: 'application/json' } });
  const issuers = (answer.body as { issuers?: DirectoryEntry[] } | undefined)?.issuers;
  if (answer.status !== 200 || !Array.isArray(issuers)) throw new RosterError('roster.http.failed', `GET ${options.issuerUrl}/issuers answered ${answer.status}`);
  const entry = issuers.find((issuer) => issuer.id === options.issuerId);
  if (!entry) throw new RosterError('roster.issuer.unknown', `no issuer ${options.issuerId} at ${options.issuerUrl} (see GET /issuers)`);
  return entry;
}

function chooseType(options: RosterOptions, issuer: DirectoryEntry): RadCredTypeName {
  const wanted = options.type ?? (issuer.credentialTypes.length === 1 ? issuer.credentialTypes[0] : undefined);
  if (wanted === undefined || wanted === '*') {
    throw new RosterError('roster.type.required', `${issuer.name} may issue ${issuer.credentialTypes.join(', ')}: name the type with --type`);
  }
  if (!isRadCredType(wanted)) throw new RosterError('roster.type.unknown', `unknown credential type "${wanted}"`);
  return wanted;
}

/** Server field errors (`credentials[3].credentialSubject.npi`) → the rows and columns they came from. */
function rowProblemsFrom(layout: RosterLayout, chunk: readonly RosterRow[], problem: ProblemBody): Map<number, RowProblem[]> {
  const byIndex = new Map<number, RowProblem[]>();
  for (const error of problem.errors ?? []) {
    const match = /^credentials\[(\d+)\]\.?(.*)$/.exec(error.path);
    const index = match ? Number(match[1]) : NaN;
    const row = chunk[index];
    if (!row) continue;
    const list = byIndex.get(index) ?? [];
    list.push({ line: row.line, field: columnForPath(layout, match?.[2] ?? ''), message: error.message });
    byIndex.set(index, list);
  }
  return byIndex;
}

export async function issueRoster(options: RosterOptions): Promise<RosterOutcome> {
  let text: string;
  try {
    text = await readFile(options.file, 'utf8');
  } catch (error) {
    throw new RosterError('roster.file.unreadable', `cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) throw new RosterError(error.code, `${options.file} ${error.message}`);
    throw error;
  }
  const [header, ...data] = records;
  if (!header) throw new RosterError('roster.file.empty', `${options.file} is empty`);

  const issuer = await issuerEntry(options);
  const type = chooseType(options, issuer);
  let layout: RosterLayout;
  try {
    layout = rosterLayout(type, header.fields, issuer.jurisdiction !== null && type === 'MedicalLicenseCredential' ? { jurisdiction: issuer.jurisdiction } : {});
  } catch (error) {
    if (error instanceof RosterLayoutError) throw new RosterError(error.code, `${options.file} header: ${error.message}`);
    throw error;
  }

  const problems: RowProblem[] = [];
  const good: RosterRow[] = [];
  for (const record of data) {
    const mapped = rosterRow(layout, record);
    if (mapped.ok) good.push(mapped.row);
    else problems.push(...mapped.problems);
  }

  const issued: IssuedRow[] = [];
  const failedLines = () => new Set(problems.map((p) => p.line)).size;
  options.progress.start(data.length);
  options.progress.update(data.length - good.length, failedLines());
  let done = data.length - good.length;

  const send = async (chunk: readonly RosterRow[]) =>
    request(`${options.issuerUrl}/issuers/${options.issuerId}/credentials/issue-batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify({ credentials: chunk.map((row) => row.credential) }),
    });

  for (let at = 0; at < good.length; at += options.batchSize) {
    let chunk = good.slice(at, at + options.batchSize);
    for (let attempt = 0; chunk.length > 0; attempt += 1) {
      const answer = await send(chunk);
      if (answer.status === 201) {
        const results = (answer.body as { results: Array<{ verifiableCredential: Record<string, unknown>; receipt: unknown }> }).results;
        results.forEach((result, i) => issued.push({ line: (chunk[i] as RosterRow).line, ...result }));
        break;
      }
      const problem = (answer.body ?? {}) as ProblemBody;
      if (answer.status === 401) throw new RosterError('roster.auth.refused', `the issuer refused the token: ${problem.detail ?? 'unauthorized'}`);
      const byRow = rowProblemsFrom(layout, chunk, problem);
      if (byRow.size === 0 || attempt > 0) {
        // Nothing to single out (or a second refusal): the chunk's rows all fail with the reason.
        const reason = `${problem.title ?? `HTTP ${answer.status}`}: ${problem.detail ?? 'refused'}`;
        for (const row of chunk) if (!byRow.has(chunk.indexOf(row))) problems.push({ line: row.line, field: '(row)', message: reason });
        for (const list of byRow.values()) problems.push(...list);
        break;
      }
      for (const list of byRow.values()) problems.push(...list);
      // The batch is all or nothing: send the rows the server did not object to again.
      chunk = chunk.filter((_, i) => !byRow.has(i));
    }
    done += Math.min(options.batchSize, good.length - at);
    options.progress.update(done, failedLines());
  }
  options.progress.finish();

  const outputFile = options.output ?? path.join(path.dirname(options.file), `${path.basename(options.file, path.extname(options.file))}.issued.json`);
  const document = {
    issuer: { id: issuer.id, did: issuer.did, name: issuer.name },
    credentialType: type,
    roster: path.resolve(options.file),
    issuedAt: new Date().toISOString(),
    credentials: issued.sort((a, b) => a.line - b.line),
  };
  // Personal data: readable by the operator only.
  await writeFileAtomic(outputFile, `${JSON.stringify(document, null, 2)}\n`, 0o600);
  return { rows: data.length, issued: issued.length, problems: problems.sort((a, b) => a.line - b.line), outputFile };
}
