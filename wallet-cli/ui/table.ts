import { stripAnsi } from './style.ts';

/**
 * A plain-text table: columns padded to their widest cell, two spaces apart, no borders, so it
 * reads well in a terminal and stays greppable in a pipe. Cells may carry colour; widths are
 * measured without it. The last column is not padded (no trailing spaces).
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((header, column) =>
    Math.max(visibleLength(header), ...rows.map((row) => visibleLength(row[column] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - visibleLength(cell))))
      .join('  ');
  return [line(headers), ...rows.map(line)];
}

function visibleLength(text: string): number {
  return [...stripAnsi(text)].length;
}
