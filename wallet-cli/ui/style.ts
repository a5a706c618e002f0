/**
 * ANSI styling that is a no-op unless enabled: colour only on a terminal and never with NO_COLOR,
 * so piped output and files stay plain text.
 */
export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

function wrap(enabled: boolean, open: number, close: number) {
  return (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
}

export function createStyle(enabled: boolean): Style {
  return {
    enabled,
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    red: wrap(enabled, 31, 39),
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
  };
}

/** Removes ANSI escapes (to measure or compare what a person sees). */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
