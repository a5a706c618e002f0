import { CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL } from '../../core/credential/contexts.ts';
import { CredentialError } from '../../core/credential/errors.ts';
import { credentialTypes, type RadCredTypeName } from '../../core/credential/registry.ts';
import { parseUnsignedCredential } from '../../core/credential/unsignedCredential.ts';
import type { CsvRecord } from './csv.ts';

/**
 * Roster rows → unsigned credentials. The header names the columns: the subject's DID (`did`, `id`
 * or `subjectDid`), then the credential type's subject fields by name (`npi`, `licenseNumber`, …),
 * and optionally `credentialId`, `validFrom`, `validUntil`. Cells are typed from the type's schema:
 * lists are `;`-separated, yes/no fields take true/false/yes/no/1/0, numbers are decimals; an empty
 * cell leaves an optional field out. Every problem names the CSV line and the column.
 */
export interface RowProblem {
  /** CSV line the row starts on (the header is line 1). */
  readonly line: number;
  /** The column (or, when no column maps to it, the credential field). */
  readonly field: string;
  readonly message: string;
}

export interface RosterRow {
  readonly line: number;
  readonly credential: Record<string, unknown>;
}

export interface RosterLayout {
  readonly type: RadCredTypeName;
  /** Column index → what it fills. */
  readonly columns: ReadonlyArray<{ readonly name: string; readonly target: Target }>;
  /** Subject fields filled from the issuer when the roster has no column for them (a board's jurisdiction). */
  readonly defaults: Readonly<Record<string, unknown>>;
}

type FieldKind = 'string' | 'number' | 'boolean' | 'array';
type Target = { readonly kind: 'subject'; readonly field: string; readonly type: FieldKind; readonly optional: boolean } | { readonly kind: 'credential'; readonly field: 'id' | 'validFrom' | 'validUntil' };

export class RosterLayoutError extends Error {
  readonly code = 'roster.layout.invalid';
  constructor(message: string) {
    super(message);
    this.name = 'RosterLayoutError';
  }
}

const DID_COLUMNS = ['did', 'id', 'subjectdid'];
const CREDENTIAL_COLUMNS: Record<string, 'id' | 'validFrom' | 'validUntil'> = { credentialid: 'id', validfrom: 'validFrom', validuntil: 'validUntil' };

interface ZodLike {
  readonly def: { readonly type: string; readonly innerType?: ZodLike };
}

function fieldKinds(type: RadCredTypeName): Map<string, { type: FieldKind; optional: boolean }> {
  const shape = (credentialTypes[type].subjectSchema as unknown as { shape: Record<string, ZodLike> }).shape;
  const kinds = new Map<string, { type: FieldKind; optional: boolean }>();
  for (const [field, schema] of Object.entries(shape)) {
    const optional = schema.def.type === 'optional';
    const inner = optional && schema.def.innerType ? schema.def.innerType : schema;
    const kind = inner.def.type;
    kinds.set(field, { type: kind === 'number' || kind === 'boolean' || kind === 'array' ? kind : 'string', optional });
  }
  return kinds;
}

/** Reads the header: every column must mean something, and the subject's DID must be there. */
export function rosterLayout(type: RadCredTypeName, header: readonly string[], defaults: Record<string, unknown> = {}): RosterLayout {
  const kinds = fieldKinds(type);
  const byLowerName = new Map([...kinds.keys()].map((field) => [field.toLowerCase(), field]));
  const seen = new Set<string>();
  const columns = header.map((raw, index) => {
    const name = raw.trim();
    const lower = name.toLowerCase();
    let target: Target;
    if (DID_COLUMNS.includes(lower)) {
      target = { kind: 'subject', field: 'id', type: 'string', optional: false };
    } else if (CREDENTIAL_COLUMNS[lower] !== undefined) {
      target = { kind: 'credential', field: CREDENTIAL_COLUMNS[lower] };
    } else {
      const field = byLowerName.get(lower);
      if (field === undefined || field === 'id') {
        const known = [...kinds.keys()].filter((f) => f !== 'id');
        throw new RosterLayoutError(`column ${index + 1} "${name}" is not a ${type} field (known: did, ${known.join(', ')}, credentialId, validFrom, validUntil)`);
      }
      const kind = kinds.get(field) as { type: FieldKind; optional: boolean };
      target = { kind: 'subject', field, type: kind.type, optional: kind.optional };
    }
    const key = `${target.kind}:${target.field}`;
    if (seen.has(key)) throw new RosterLayoutError(`column ${index + 1} "${name}" repeats another column`);
    seen.add(key);
    return { name, target };
  });
  if (!seen.has('subject:id')) throw new RosterLayoutError('the roster needs a "did" column with each radiologist\'s did:key');
  const missing = [...kinds.entries()].filter(([field, kind]) => !kind.optional && !seen.has(`subject:${field}`) && !(field in defaults)).map(([field]) => field);
  if (missing.length > 0) throw new RosterLayoutError(`the roster has no column for ${missing.join(', ')} (required by ${type})`);
  const usedDefaults = Object.fromEntries(Object.entries(defaults).filter(([field]) => !seen.has(`subject:${field}`) && kinds.has(field)));
  return { type, columns, defaults: usedDefaults };
}

const TRUE = ['true', 'yes', 'y', '1'];
const FALSE = ['false', 'no', 'n', '0'];

function cellValue(cell: string, type: FieldKind): { ok: true; value: unknown } | { ok: false; message: string } {
  const text = cell.trim();
  switch (type) {
    case 'array':
      return { ok: true, value: text === '' ? [] : text.split(';').map((item) => item.trim()).filter((item) => item !== '') };
    case 'boolean':
      if (TRUE.includes(text.toLowerCase())) return { ok: true, value: true };
      if (FALSE.includes(text.toLowerCase())) return { ok: true, value: false };
      return { ok: false, message: `"${text}" is not yes/no (true, false, yes, no, 1, 0)` };
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(text)) return { ok: false, message: `"${text}" is not a decimal number` };
      return { ok: true, value: Number(text) };
    }
    default:
      return { ok: true, value: text };
  }
}

/** Maps a credential field path (`credentialSubject.npi`) back to the column that filled it. */
export function columnForPath(layout: RosterLayout, path: string): string {
  const subject = /^credentialSubject\.([A-Za-z0-9_]+)/.exec(path);
  const credential = /^(id|validFrom|validUntil)\b/.exec(path);
  const column = layout.columns.find(({ target }) =>
    subject ? target.kind === 'subject' && target.field === subject[1] : credential ? target.kind === 'credential' && target.field === credential[1] : false,
  );
  return column?.name ?? path;
}

/** One row → an unsigned credential, checked against the data model and the subject schema. */
export function rosterRow(layout: RosterLayout, record: CsvRecord): { ok: true; row: RosterRow } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  if (record.fields.length !== layout.columns.length) {
    return { ok: false, problems: [{ line: record.line, field: '(row)', message: `has ${record.fields.length} cells, the header has ${layout.columns.length}` }] };
  }
  const subject: Record<string, unknown> = { ...layout.defaults };
  const credential: Record<string, unknown> = {
    '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL],
    type: ['VerifiableCredential', layout.type],
  };
  layout.columns.forEach(({ name, target }, index) => {
    const cell = record.fields[index] ?? '';
    if (target.kind === 'credential') {
      if (cell.trim() !== '') credential[target.field] = cell.trim();
      return;
    }
    if (cell.trim() === '' && target.optional) return;
    const parsed = cellValue(cell, target.type);
    if (parsed.ok) subject[target.field] = parsed.value;
    else problems.push({ line: record.line, field: name, message: parsed.message });
  });
  credential.credentialSubject = subject;
  if (problems.length > 0) return { ok: false, problems };
  try {
    parseUnsignedCredential(credential);
  } catch (error) {
    if (!(error instanceof CredentialError)) throw error;
    return { ok: false, problems: error.fields.map((f) => ({ line: record.line, field: columnForPath(layout, f.path), message: f.message })) };
  }
  return { ok: true, row: { line: record.line, credential } };
}
