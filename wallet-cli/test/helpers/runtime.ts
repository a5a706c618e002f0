import type { WalletConfig } from '../../config.ts';
import { createRuntime, type Runtime } from '../../runtime.ts';
import { createStyle } from '../../ui/style.ts';
import type { Terminal } from '../../ui/terminal.ts';
import { PASSPHRASE } from './cli.ts';

/** An in-process runtime with a recording, non-interactive terminal (prompts would be a test bug). */
export interface RecordingTerminal extends Terminal {
  readonly stdout: string[];
  readonly stderr: string[];
}

export function recordingTerminal(): RecordingTerminal {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const refuse = async () => {
    throw new Error('a test terminal cannot answer prompts');
  };
  return {
    stdout,
    stderr,
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    style: createStyle(false),
    errStyle: createStyle(false),
    interactive: false,
    promptSecret: refuse,
    promptLine: refuse,
  };
}

export function testConfig(home: string, overrides: Partial<WalletConfig> = {}): WalletConfig {
  return { home, passphrase: PASSPHRASE, noColor: true, httpTimeoutMs: 10_000, scryptParams: { N: 2 ** 14, r: 8, p: 1 }, ...overrides };
}

export function testRuntime(home: string, overrides: Partial<WalletConfig> = {}, now?: () => Date): Runtime & { terminal: RecordingTerminal } {
  const terminal = recordingTerminal();
  return createRuntime(testConfig(home, overrides), terminal, now === undefined ? {} : { now }) as Runtime & { terminal: RecordingTerminal };
}
