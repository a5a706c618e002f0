import { WalletError } from '../errors.ts';
import type { CredentialRecord } from '../store/schemas.ts';
import { choose } from '../ui/prompts.ts';
import type { Terminal } from '../ui/terminal.ts';
import { currentStanding, findCredential, summarize } from '../view/credentialView.ts';
import { matchesExample } from './queryMatch.ts';
import type { CredentialQueryItem } from './requestSchema.ts';

/**
 * Chooses, for each credential query of a request, the credentials to present: the ones that fit
 * (and are not known to be revoked, suspended, expired or invalid); `--pick` narrows them; when
 * several fit a single-credential query the person is asked, or without a terminal the run stops
 * naming the refs to pass to `--pick`. A `multiple` query (e.g. CME credits) takes every fitting
 * credential unless narrowed by `--pick` or, on a terminal, by the person.
 */
export interface QuerySelection {
  readonly item: CredentialQueryItem;
  readonly chosen: readonly CredentialRecord[];
  /** Fitting credentials left out because of their standing, for the person to know why. */
  readonly skipped: readonly { record: CredentialRecord; reason: string }[];
}

const UNUSABLE = new Set(['revoked', 'suspended', 'expired', 'invalid', 'not-yet-valid']);

export function describeQuery(item: CredentialQueryItem): string {
  if (item.reason !== undefined) return item.reason;
  const types = Array.isArray(item.example.type) ? item.example.type.join(', ') : item.example.type;
  return `a ${types}`;
}

function optionLabel(record: CredentialRecord, now: Date): string {
  const s = summarize(record, now);
  return `${s.ref}  ${s.typeLabel} from ${s.issuer.name}: ${s.keyFacts}`;
}

export async function selectCredentials(
  items: readonly CredentialQueryItem[],
  records: readonly CredentialRecord[],
  options: { picks: readonly string[]; terminal: Terminal; now: Date },
): Promise<QuerySelection[]> {
  const picked = options.picks.map((reference) => findCredential(records, reference));
  const pickedHashes = new Set(picked.map((r) => r.credentialHash));
  const usedPicks = new Set<string>();
  const selections: QuerySelection[] = [];

  for (const item of items) {
    const fitting = records.filter((record) => matchesExample(record.credential, item.example));
    const skipped = fitting
      .map((record) => ({ record, standing: currentStanding(record, options.now) }))
      .filter(({ standing }) => standing !== null && UNUSABLE.has(standing))
      .map(({ record, standing }) => ({ record, reason: String(standing) }));
    const candidates = fitting.filter((record) => !skipped.some((s) => s.record === record));
    const pickedHere = candidates.filter((record) => pickedHashes.has(record.credentialHash));
    pickedHere.forEach((record) => usedPicks.add(record.credentialHash));
    const what = describeQuery(item);

    if (candidates.length === 0) {
      if (item.required === false) {
        selections.push({ item, chosen: [], skipped });
        continue;
      }
      const why = skipped.length > 0 ? ` (${skipped.map((s) => `${summarize(s.record, options.now).ref} is ${s.reason}`).join(', ')})` : '';
      throw new WalletError('wallet.request.unsatisfiable', `no usable credential in this wallet for "${what}"${why}`);
    }

    let chosen: CredentialRecord[];
    if (item.multiple === true) {
      if (pickedHere.length > 0) chosen = pickedHere;
      else if (candidates.length > 1 && options.terminal.interactive) {
        const indexes = await choose(options.terminal, `These credentials fit "${what}":`, candidates.map((r) => optionLabel(r, options.now)), { multiple: true, defaultAll: true });
        chosen = indexes.map((i) => candidates[i] as CredentialRecord);
      } else chosen = candidates;
    } else if (pickedHere.length === 1) {
      chosen = pickedHere;
    } else if (pickedHere.length > 1) {
      throw new WalletError('wallet.credential.ambiguous', `"${what}" takes one credential, but --pick names ${pickedHere.length}: ${pickedHere.map((r) => summarize(r, options.now).ref).join(', ')}`);
    } else if (candidates.length === 1) {
      chosen = candidates;
    } else if (options.terminal.interactive) {
      const [index] = await choose(options.terminal, `Several credentials fit "${what}":`, candidates.map((r) => optionLabel(r, options.now)), { multiple: false });
      chosen = [candidates[index ?? 0] as CredentialRecord];
    } else {
      throw new WalletError(
        'wallet.credential.ambiguous',
        `several credentials fit "${what}": ${candidates.map((r) => summarize(r, options.now).ref).join(', ')}; choose one with --pick <ref>`,
      );
    }
    selections.push({ item, chosen, skipped });
  }

  const unused = picked.filter((record) => !usedPicks.has(record.credentialHash));
  if (unused.length > 0) {
    throw new WalletError('wallet.usage', `--pick ${unused.map((r) => summarize(r, options.now).ref).join(', ')}: does not fit any part of this request (or is not usable)`);
  }
  return selections;
}

/** The distinct credentials of a selection, in request order. */
export function selectedCredentials(selections: readonly QuerySelection[]): CredentialRecord[] {
  const seen = new Set<string>();
  const result: CredentialRecord[] = [];
  for (const selection of selections) {
    for (const record of selection.chosen) {
      if (!seen.has(record.credentialHash)) {
        seen.add(record.credentialHash);
        result.push(record);
      }
    }
  }
  return result;
}
