import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs ava with its normal reporter and closes with one plain line, `ava: N passed, N failed`
 * (`, N skipped` when any), so CI logs and people read the result the same way. The exit code is ava's.
 */
const avaCli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/ava/entrypoints/cli.mjs');
const child = spawn(process.execPath, [avaCli, ...process.argv.slice(2)], { stdio: ['inherit', 'pipe', 'pipe'] });

let output = '';
for (const [stream, sink] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
] as const) {
  stream.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    sink.write(chunk);
  });
}

child.on('close', (code, signal) => {
  const count = (pattern: RegExp) => {
    const match = pattern.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
    return match ? Number(match[1]) : 0;
  };
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  // ava prints no summary after a global timeout: count the per-test marks instead.
  const marks = (mark: string) => plain.split('\n').filter((line) => line.trimStart().startsWith(mark)).length;
  const passed = count(/^\s*(\d+) tests? passed/m) || marks('✔');
  const failed = (count(/^\s*(\d+) tests? failed/m) || marks('✘')) + count(/^\s*(\d+) uncaught exceptions?/m) + count(/^\s*(\d+) unhandled rejections?/m);
  const skipped = count(/^\s*(\d+) tests? skipped/m) + count(/^\s*(\d+) tests? todo/m);
  const exitCode = code ?? (signal ? 1 : 0);
  // A run that failed without counting a failure (a crash, a timeout) still reads as failed.
  const shownFailed = exitCode !== 0 && failed === 0 ? 1 : failed;
  process.stdout.write(`\nava: ${passed} passed, ${shownFailed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
  process.exit(exitCode);
});
