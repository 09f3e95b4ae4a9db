import { createHash } from 'node:crypto';

/** The digests `States.Hash` and JSONata `$hash` offer, by AWS's names. */
export const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** The lowercase hex digest of the UTF-8 text, or undefined for an algorithm AWS does not offer. */
export function hashText(text: string, algorithm: string): string | undefined {
  const nodeAlgorithm = HASH_ALGORITHMS[algorithm];
  return nodeAlgorithm === undefined ? undefined : createHash(nodeAlgorithm).update(text, 'utf8').digest('hex');
}
