import test from 'ava';
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../../core/config/envParsing.ts';
import { backendsUnderTest, closeDatabasesAfter, sharedDatabase } from '../../core/db/testing/testDatabase.ts';
import { createLogger } from '../../core/http/logger.ts';
import { loadIssuerConfig } from '../config.ts';
import { DEFAULT_BATCH_MAX_WAIT_MS } from '../log/credentialLog.ts';
import { startIssuer } from '../server.ts';

closeDatabasesAfter(test);

const demoSecrets = { operatorToken: 'rcop_test_operator_token_0123456789', keyEncryptionKey: randomBytes(32) };
const configWith = (extra: Record<string, string>) =>
  loadIssuerConfig({ env: { ISSUER_PORT: '0', RADCRED_DATA_DIR: '/nonexistent', ...extra }, demoSecrets });

test('the log batch wait defaults to a few milliseconds, not the 250 ms ceiling', (t) => {
  t.is(configWith({}).logBatchWaitMs, DEFAULT_BATCH_MAX_WAIT_MS);
  t.true(DEFAULT_BATCH_MAX_WAIT_MS <= 10, 'a lone issue request must not wait long for its receipt');
  t.is(configWith({ ISSUER_LOG_BATCH_WAIT_MS: '' }).logBatchWaitMs, DEFAULT_BATCH_MAX_WAIT_MS);
});

test('ISSUER_LOG_BATCH_WAIT_MS takes whole milliseconds from 0 to 250', (t) => {
  t.is(configWith({ ISSUER_LOG_BATCH_WAIT_MS: '0' }).logBatchWaitMs, 0);
  t.is(configWith({ ISSUER_LOG_BATCH_WAIT_MS: '40' }).logBatchWaitMs, 40);
  t.is(configWith({ ISSUER_LOG_BATCH_WAIT_MS: '250' }).logBatchWaitMs, 250);
  for (const bad of ['251', '-1', '1.5', 'soon', '5ms', '1e2']) {
    const error = t.throws(() => configWith({ ISSUER_LOG_BATCH_WAIT_MS: bad }), { instanceOf: ConfigError });
    t.regex(error?.message ?? '', /^ISSUER_LOG_BATCH_WAIT_MS must be a whole number from 0 to 250, got "/, bad);
  }
});

for (const backend of backendsUnderTest()) {
  test.serial(`the configured batch wait is the one the running log uses [${backend}]`, async (t) => {
    const database = await sharedDatabase('issuer', backend);
    const issuer = await startIssuer(configWith({ ISSUER_LOG_BATCH_WAIT_MS: '17' }), { database, logger: createLogger({ name: 'issuer-test', level: 'silent' }) });
    try {
      t.is(issuer.deps.log.batchMaxWaitMs, 17);
    } finally {
      await issuer.close();
    }
  });
}
