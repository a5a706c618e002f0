import type { WalletConfig } from './config.ts';
import { HttpClient } from './http/client.ts';
import { WalletStore } from './store/walletStore.ts';
import type { Terminal } from './ui/terminal.ts';

/**
 * What every command works with, built once per run. main.ts builds it from the process; tests
 * build it with a temporary RADWALLET_HOME, a recording terminal and, if they like, a clock.
 */
export interface Runtime {
  readonly config: WalletConfig;
  readonly terminal: Terminal;
  readonly store: WalletStore;
  readonly http: HttpClient;
  now(): Date;
}

export function createRuntime(config: WalletConfig, terminal: Terminal, overrides: Partial<Pick<Runtime, 'http' | 'now'>> = {}): Runtime {
  return {
    config,
    terminal,
    store: new WalletStore(config.home),
    http: overrides.http ?? new HttpClient({ timeoutMs: config.httpTimeoutMs }),
    now: overrides.now ?? (() => new Date()),
  };
}
