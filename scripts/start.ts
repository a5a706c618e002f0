import { mkdir } from 'node:fs/promises';
import { loadIssuerConfig } from '../issuer/config.ts';
import { startIssuer } from '../issuer/server.ts';
import { loadVerifierConfig } from '../verifier/config.ts';
import { startVerifier } from '../verifier/server.ts';
import { loadLauncherConfig } from './config.ts';
import { loadOrCreateDemoSecrets } from './demoSecrets.ts';
import { demoFilePath, readDemoFile, seedDemo } from './demoSeed.ts';

/**
 * `npm start`: both services in one process on the embedded database (DESIGN §9, §11). Outside
 * production an empty data directory is seeded with the demo; the next steps are printed.
 */
async function main(): Promise<void> {
  const launcher = loadLauncherConfig();
  await mkdir(launcher.dataDir, { recursive: true, mode: 0o700 });
  const secrets = launcher.production ? undefined : await loadOrCreateDemoSecrets(launcher.dataDir);
  const issuerConfig = loadIssuerConfig(secrets ? { demoSecrets: secrets } : {});
  // The demo wants the status monitor to notice a suspension within seconds, not minutes.
  const verifierConfig = loadVerifierConfig(secrets ? { demoAdminToken: secrets.verifierToken, demoMonitorIntervalSeconds: 10 } : {});

  const issuer = await startIssuer(issuerConfig);
  const verifier = await startVerifier(verifierConfig).catch(async (error: unknown) => {
    await issuer.close();
    throw error;
  });

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    process.stdout.write(`\n${signal}: finishing in-flight requests…\n`);
    await Promise.allSettled([issuer.close(), verifier.close()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  let demo = launcher.production ? undefined : await readDemoFile(launcher.dataDir);
  if (!launcher.production && demo === undefined) {
    demo = await seedDemo({
      dataDir: launcher.dataDir,
      issuer: issuer.deps,
      verifier: verifier.deps,
      issuerUrl: issuer.url,
      verifierUrl: verifier.url,
    });
    process.stdout.write(`Seeded the demo: ${demoFilePath(launcher.dataDir)}\n`);
  }

  process.stdout.write(
    [
      '',
      'RadCred is running.',
      `  issuer    ${issuer.url}   (health: ${issuer.url}/healthz, directory: ${issuer.url}/issuers)`,
      `  verifier  ${verifier.url}   (health: ${verifier.url}/healthz)`,
      demo
        ? [
            `  demo tokens and ids: ${demoFilePath(launcher.dataDir)} (mode 0600)`,
            '',
            'Try next:',
            `  curl ${issuer.url}/issuers`,
            `  curl -H "Authorization: Bearer $(node -p "require('${demoFilePath(launcher.dataDir)}').verifierToken")" ${verifier.url}/trusted-issuers`,
            '  npm run demo          # the whole story: issue, receive, present, verify, suspend, alert',
            '  npx radwallet --help  # the radiologist\'s wallet',
          ].join('\n')
        : '  production mode: no demo seed',
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`radcred: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
