import { createInterface } from 'node:readline/promises';
import { WalletError } from '../errors.ts';
import { createStyle, type Style } from './style.ts';

/**
 * Where a command talks to the person: results on stdout, prompts and diagnostics on stderr (so
 * `--json` output stays machine-readable), prompts only when stdin and stderr are terminals.
 * Tests pass a recording terminal; the process terminal is below.
 */
export interface Terminal {
  /** Writes one line (or several joined by newlines) to stdout. */
  out(text: string): void;
  /** Writes one line to stderr (notes, warnings). */
  err(text: string): void;
  /** Styling for stdout. */
  readonly style: Style;
  /** Styling for stderr. */
  readonly errStyle: Style;
  /** True when a person can answer prompts (stdin and stderr are terminals). */
  readonly interactive: boolean;
  /** Asks for a secret without echo. Only call when `interactive`. */
  promptSecret(question: string): Promise<string>;
  /** Asks for one line of text. Only call when `interactive`. */
  promptLine(question: string): Promise<string>;
}

export function processTerminal(options: { noColor: boolean }): Terminal {
  const stdoutColour = process.stdout.isTTY === true && !options.noColor;
  const stderrColour = process.stderr.isTTY === true && !options.noColor;
  return {
    out: (text) => void process.stdout.write(`${text}\n`),
    err: (text) => void process.stderr.write(`${text}\n`),
    style: createStyle(stdoutColour),
    errStyle: createStyle(stderrColour),
    interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
    promptSecret: readSecret,
    promptLine: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      let interrupted = false;
      rl.on('SIGINT', () => {
        interrupted = true;
        rl.close();
      });
      try {
        return await rl.question(question);
      } catch (error) {
        if (interrupted) throw new WalletError('wallet.interrupted', 'interrupted');
        throw error;
      } finally {
        rl.close();
      }
    },
  };
}

/** Reads a line from a raw-mode terminal without echoing it; Ctrl-C aborts, Backspace edits. */
function readSecret(question: string): Promise<string> {
  const stdin = process.stdin;
  // Raw mode (no echo) before the question: keys typed as soon as it appears must not be echoed.
  stdin.setRawMode(true);
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: WalletError) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new WalletError('wallet.interrupted', 'interrupted'));
        if (char === '\u007f' || char === '\b') {
          value = [...value].slice(0, -1).join('');
        } else if (char >= ' ') {
          value += char;
        }
      }
    };
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}
