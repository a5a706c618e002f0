/** Progress of a roster run: a redrawn bar on a terminal, one plain line per step otherwise (logs, CI). */
export interface Progress {
  start(total: number): void;
  update(done: number, failed: number): void;
  finish(): void;
}

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const BAR_WIDTH = 30;

export function progressFor(stream: ProgressStream): Progress {
  let total = 0;
  if (stream.isTTY) {
    let last = '';
    return {
      start(count) {
        total = count;
        this.update(0, 0);
      },
      update(done, failed) {
        const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
        const line = `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${done}/${total} rows${failed > 0 ? ` · ${failed} failed` : ''}`;
        if (line !== last) stream.write(`\r${line}\x1b[K`);
        last = line;
      },
      finish() {
        stream.write('\n');
      },
    };
  }
  return {
    start(count) {
      total = count;
      stream.write(`issuing ${count} rows\n`);
    },
    update(done, failed) {
      stream.write(`${done}/${total} rows done${failed > 0 ? `, ${failed} failed` : ''}\n`);
    },
    finish() {},
  };
}
