/**
 * radwallet's exit codes (documented in wallet-cli/README.md) and its one error class. A command
 * never calls process.exit: it throws a WalletError and `runCli` turns it into one line and a code.
 */
export const EXIT = Object.freeze({
  /** Done. */
  ok: 0,
  /** Something went wrong: wrong passphrase, no wallet, unreadable file, service unreachable, duplicate. */
  error: 1,
  /** The command line is wrong, or a non-interactive run lacks an answer (passphrase, --yes, --pick). */
  usage: 2,
  /** A credential failed a check: receive refused it, check/refresh found it revoked, suspended, expired
   *  or invalid, or present has nothing that satisfies a required part of the request. */
  credential: 3,
  /** The verifier rejected the presentation. */
  rejected: 4,
  /** Interrupted at a prompt (Ctrl-C). */
  interrupted: 130,
});

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type WalletErrorCode =
  | 'wallet.usage'
  | 'wallet.missing'
  | 'wallet.exists'
  | 'wallet.corrupt'
  | 'wallet.passphrase.wrong'
  | 'wallet.passphrase.missing'
  | 'wallet.passphrase.weak'
  | 'wallet.confirmation.missing'
  | 'wallet.interrupted'
  | 'wallet.credential.not_found'
  | 'wallet.credential.ambiguous'
  | 'wallet.credential.duplicate'
  | 'wallet.credential.refused'
  | 'wallet.credential.problem'
  | 'wallet.input.invalid'
  | 'wallet.http.failed'
  | 'wallet.http.invalid'
  | 'wallet.request.invalid'
  | 'wallet.request.unsatisfiable'
  | 'wallet.presentation.rejected'
  | 'wallet.backup.invalid'
  | 'wallet.trust.log_key_changed';

const defaultExit: Record<WalletErrorCode, ExitCode> = {
  'wallet.usage': EXIT.usage,
  'wallet.missing': EXIT.error,
  'wallet.exists': EXIT.error,
  'wallet.corrupt': EXIT.error,
  'wallet.passphrase.wrong': EXIT.error,
  'wallet.passphrase.missing': EXIT.usage,
  'wallet.passphrase.weak': EXIT.usage,
  'wallet.confirmation.missing': EXIT.usage,
  'wallet.interrupted': EXIT.interrupted,
  'wallet.credential.not_found': EXIT.error,
  'wallet.credential.ambiguous': EXIT.usage,
  'wallet.credential.duplicate': EXIT.error,
  'wallet.credential.refused': EXIT.credential,
  'wallet.credential.problem': EXIT.credential,
  'wallet.input.invalid': EXIT.error,
  'wallet.http.failed': EXIT.error,
  'wallet.http.invalid': EXIT.error,
  'wallet.request.invalid': EXIT.error,
  'wallet.request.unsatisfiable': EXIT.credential,
  'wallet.presentation.rejected': EXIT.rejected,
  'wallet.backup.invalid': EXIT.error,
  'wallet.trust.log_key_changed': EXIT.credential,
};

export class WalletError extends Error {
  readonly code: WalletErrorCode;
  readonly exitCode: ExitCode;

  constructor(code: WalletErrorCode, message: string, options: { exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WalletError';
    this.code = code;
    this.exitCode = options.exitCode ?? defaultExit[code];
  }
}

/** A message for any thrown value, for the one-line error output. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
