import { failed, passed, type CheckResult } from './checkResult.ts';
import { subjectIdOf } from './credentialFacts.ts';

/** `credential.holder_binding`: the credential is about the presentation's holder (subject id = holder DID). */
export function checkHolderBinding(credential: Record<string, unknown>, holder: string | undefined): CheckResult {
  const subject = subjectIdOf(credential);
  if (subject === undefined) return failed('credential.holder_binding', 'holder.no_subject_id', 'the credential subject has no id to bind it to a holder');
  if (holder === undefined) return failed('credential.holder_binding', 'holder.missing', 'the presentation names no holder');
  if (subject !== holder) {
    return failed('credential.holder_binding', 'holder.mismatch', `the credential is about ${subject}, but the presentation's holder is ${holder}`);
  }
  return passed('credential.holder_binding', 'the credential subject is the presentation holder');
}

export function holderOf(presentation: Record<string, unknown>): string | undefined {
  const holder = presentation.holder;
  if (typeof holder === 'string') return holder;
  if (holder !== null && typeof holder === 'object' && typeof (holder as { id?: unknown }).id === 'string') return (holder as { id: string }).id;
  return undefined;
}
