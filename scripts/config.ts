import { isProduction, readDataDir } from '../core/config/envParsing.ts';

/** What the launcher itself needs from the environment; each service reads its own config.ts. */
export interface LauncherConfig {
  readonly dataDir: string;
  readonly production: boolean;
}

export function loadLauncherConfig(env: Readonly<Record<string, string | undefined>> = process.env): LauncherConfig {
  return { dataDir: readDataDir(env), production: isProduction(env) };
}

