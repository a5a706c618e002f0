import { parseCheckpoint } from '../../core/log/checkpoint.ts';
import { parseTlogProof } from '../../core/log/proofFile.ts';
import { parseNote } from '../../core/log/signedNote.ts';
import type { Receipt } from '../store/schemas.ts';

/** Where a receipt places the credential: entry index, tree size and log origin (read, not verified). */
export function receiptPosition(receipt: Receipt): { index: string; treeSize: string; origin: string } | undefined {
  try {
    const proof = parseTlogProof(receipt.proof);
    const checkpoint = parseCheckpoint(parseNote(proof.checkpoint).text);
    return { index: proof.index.toString(), treeSize: checkpoint.size.toString(), origin: checkpoint.origin };
  } catch {
    return undefined;
  }
}
