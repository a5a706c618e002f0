import { readToken, readUrl, type Env } from '../../core/config/envParsing.ts';

/** The roster command's settings from the environment (flags override them). */
export interface RosterConfig {
  /** RADCRED_ISSUER_TOKEN: the tenant API token. */
  readonly token: string | undefined;
  /** RADCRED_ISSUER_URL: the issuer service, default the demo's http://127.0.0.1:4100. */
  readonly issuerUrl: string;
}

export function loadRosterConfig(env: Env = process.env): RosterConfig {
  return {
    token: readToken(env, 'RADCRED_ISSUER_TOKEN'),
    issuerUrl: readUrl(env, 'RADCRED_ISSUER_URL') ?? 'http://127.0.0.1:4100',
  };
}
