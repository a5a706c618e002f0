import { WalletError } from '../errors.ts';
import type { Terminal } from './terminal.ts';

/**
 * The three questions radwallet may ask. Each has a non-interactive answer (an environment
 * variable or a flag); without a terminal and without that answer, the command stops with one
 * line naming the flag, exit 2, instead of hanging on a prompt nobody sees.
 */

/** True to go ahead: `--yes`, or "y"/"yes" typed at the prompt. */
export async function confirm(terminal: Terminal, question: string, options: { yes: boolean | undefined; flagHint?: string }): Promise<boolean> {
  if (options.yes === true) return true;
  if (!terminal.interactive) {
    throw new WalletError('wallet.confirmation.missing', `${question.replace(/\?$/, '')}: needs confirmation; pass ${options.flagHint ?? '--yes'} when not on a terminal`);
  }
  const answer = await terminal.promptLine(`${question} [y/N] `);
  return /^\s*y(es)?\s*$/i.test(answer);
}

/**
 * Lets the person choose among numbered options. `multiple` accepts a comma-separated list or
 * "all" (the default when `defaultAll`). Returns the chosen indexes.
 */
export async function choose(
  terminal: Terminal,
  question: string,
  options: readonly string[],
  settings: { multiple: boolean; defaultAll?: boolean },
): Promise<number[]> {
  terminal.err(question);
  options.forEach((option, index) => terminal.err(`  ${index + 1}) ${option}`));
  const hint = settings.multiple ? `numbers separated by commas${settings.defaultAll ? ', or Enter for all' : ''}` : `1-${options.length}`;
  for (;;) {
    const answer = (await terminal.promptLine(`Choose (${hint}): `)).trim();
    if (settings.multiple && (answer === '' ? settings.defaultAll === true : /^all$/i.test(answer))) {
      return options.map((_, index) => index);
    }
    const numbers = answer.split(',').map((part) => Number(part.trim()));
    const valid = numbers.length > 0 && numbers.every((n) => Number.isInteger(n) && n >= 1 && n <= options.length);
    if (valid && (settings.multiple || numbers.length === 1)) return [...new Set(numbers.map((n) => n - 1))];
    terminal.err(`Please answer with ${hint}.`);
  }
}
