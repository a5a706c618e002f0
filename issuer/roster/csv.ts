/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF or LF; a field in double quotes may hold
 * commas, line breaks and doubled quotes (""). A UTF-8 byte order mark is ignored, and so are blank
 * lines (spreadsheets leave them at the end). Each record keeps the line it starts on, so errors
 * can name it.
 */
export interface CsvRecord {
  /** 1-based line number where the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

export class CsvError extends Error {
  readonly code = 'roster.csv.malformed';
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
    this.line = line;
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let afterQuote = false;
  let fieldStarted = false;
  // Anything at all on the record's lines (a quote or a comma counts): a truly empty line is skipped.
  let recordHasText = false;

  const endField = () => {
    fields.push(field);
    field = '';
    afterQuote = false;
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    if (recordHasText) records.push({ line: recordLine, fields });
    fields = [];
    recordHasText = false;
  };

  for (let i = 0; i < input.length; i += 1) {
    const char = input[i] as string;
    if (char !== '\r' && char !== '\n') recordHasText = true;
    if (quoted) {
      if (char === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
      continue;
    }
    if (char === ',') {
      endField();
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && input[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else if (char === '"') {
      if (fieldStarted || afterQuote) throw new CsvError(line, 'a double quote inside an unquoted field (quote the whole field and double the quote)');
      quoted = true;
      fieldStarted = true;
    } else {
      if (afterQuote) throw new CsvError(line, `text after a closing quote ("…"${char})`);
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvError(recordLine, 'a quoted field is not closed');
  if (recordHasText) endRecord();
  return records;
}

/** Writes records as RFC 4180 CSV (CRLF), quoting only fields that need it. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  // A lone empty field is written as "" so the record is not mistaken for a blank line.
  const line = (row: readonly string[]) => (row.length === 1 && row[0] === '' ? '""' : row.map(quote).join(','));
  return rows.map(line).join('\r\n') + '\r\n';
}
