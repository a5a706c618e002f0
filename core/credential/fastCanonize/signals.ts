/**
 * The two ways the fast walk stops early. Neither is an error the caller sees: `NotModelled` means
 * "give this document to the reference implementation", `ContextPending` means "a context this
 * document needs is being processed; await it and walk again".
 */

export class NotModelled extends Error {
  readonly code = 'credential.fastCanonize.notModelled';
  constructor(reason: string) {
    super(reason);
    this.name = 'NotModelled';
  }
}

export class ContextPending extends Error {
  readonly code = 'credential.fastCanonize.contextPending';
  constructor(readonly ready: Promise<void>) {
    super('a scoped JSON-LD context is still being processed');
    this.name = 'ContextPending';
  }
}

export function notModelled(reason: string): never {
  throw new NotModelled(reason);
}
