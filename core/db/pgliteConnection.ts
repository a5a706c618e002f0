import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { serialize } from 'pg-protocol';

/**
 * node-postgres's connection to an embedded PGlite: the wire-protocol messages node-postgres sends
 * go to `pglite.execProtocolStream`, one after another, and PGlite's parsed replies come back as
 * the events node-postgres listens for. The same contract as PGlite's own adapter
 * (`@electric-sql/pglite/node-postgres`), with one difference: messages are written by
 * node-postgres's own serializer (`pg-protocol`, the one a real PostgreSQL connection uses), not
 * by PGlite's browser-safe copy of it, which measures and encodes every parameter string in a
 * JavaScript loop. Binding 24 KB of parameters (a verification's audit record) took 290–370 µs of
 * the event loop with PGlite's writer and 37–49 µs with pg-protocol's (bench/FINDINGS.md, "PGlite's
 * wire-protocol writer"). The bytes differ only in the Bind message's result-format list (none,
 * meaning text, against one entry saying text): the same request to PostgreSQL.
 */
export class PgliteWireConnection extends EventEmitter {
  readonly #pglite: PGlite;
  #queue: Promise<unknown>;
  #emitMessages = false;

  // Read by node-postgres's Client.end(), which skips connection.end() without it.
  _connecting = false;
  // node-postgres's Client.end() destroys the stream while a query is still active.
  readonly stream = { destroy: (): void => this.end() };
  parsedStatements: Record<string, unknown> = {};
  submittedNamedStatements: Record<string, unknown> = {};

  constructor(pglite: PGlite) {
    super();
    this.#pglite = pglite;
    this.#queue = pglite.waitReady;
    this.on('newListener', (event) => {
      if (event === 'message') this.#emitMessages = true;
    });
  }

  /** Messages run in the order sent; each one's replies are emitted before the next runs. */
  #send(message: Uint8Array): void {
    this.#queue = this.#queue
      .then(() => this.#pglite.execProtocolStream(message, { throwOnError: false }))
      .then((replies) => {
        for (const reply of replies) {
          if (this.#emitMessages) this.emit('message', reply);
          // node-postgres expects an ErrorResponse as 'errorMessage'.
          this.emit(reply.name === 'error' ? 'errorMessage' : reply.name, reply);
        }
      })
      .catch((error: unknown) => {
        this.emit('error', error);
      });
  }

  async connect(): Promise<void> {
    this._connecting = true;
    await this.#pglite.waitReady;
    process.nextTick(() => this.emit('readyForQuery'));
  }

  // No TLS, start-up packet, cancellation or password exchange with an embedded engine.
  requestSsl(): void {}
  startup(): void {}
  cancel(): void {}
  password(): void {}

  sendSASLInitialResponseMessage(mechanism: string, initialResponse: string): void {
    this.#send(serialize.sendSASLInitialResponseMessage(mechanism, initialResponse));
  }

  sendSCRAMClientFinalMessage(additionalData: string): void {
    this.#send(serialize.sendSCRAMClientFinalMessage(additionalData));
  }

  query(text: string): void {
    this.#send(serialize.query(text));
  }

  parse(query: Parameters<typeof serialize.parse>[0]): void {
    this.#send(serialize.parse(query));
  }

  bind(config: Parameters<typeof serialize.bind>[0]): void {
    this.#send(serialize.bind(config));
  }

  execute(config: Parameters<typeof serialize.execute>[0]): void {
    this.#send(serialize.execute(config));
  }

  describe(message: Parameters<typeof serialize.describe>[0]): void {
    this.#send(serialize.describe(message));
  }

  close(message: Parameters<typeof serialize.close>[0]): void {
    this.#send(serialize.close(message));
  }

  flush(): void {
    this.#send(serialize.flush());
  }

  sync(): void {
    this.#send(serialize.sync());
  }

  sendCopyFromChunk(chunk: Buffer): void {
    this.#send(serialize.copyData(chunk));
  }

  endCopyFrom(): void {
    this.#send(serialize.copyDone());
  }

  sendCopyFail(message: string): void {
    this.#send(serialize.copyFail(message));
  }

  /**
   * Like a socket closing: node-postgres waits for 'end'. The PGlite instance stays open (its
   * owner closes it), and the pool's next client reuses this connection, so the ended client's
   * listeners are dropped.
   */
  end(): void {
    this.#queue = this.#queue.then(() => {
      this.emit('end');
    });
    for (const event of this.eventNames()) {
      if (event !== 'newListener') this.removeAllListeners(event);
    }
    this.#emitMessages = false;
  }

  ref(): void {}
  unref(): void {}
}

/** A `pg.Pool` configuration for `pglite`: PGlite's own settings, with the connection above. */
export function pglitePoolConfig(pglite: PGlite): Omit<ReturnType<typeof createPgConfig>, 'connection'> & { readonly connection: PgliteWireConnection } {
  return { ...createPgConfig(pglite), connection: new PgliteWireConnection(pglite) };
}
