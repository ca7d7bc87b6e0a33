/**
 * A stable point in [0, 1) for an anonymous id under a salt: FNV-1a, then murmur3's finalizer so
 * that ids differing in one character land far apart. A new salt reshuffles everyone.
 */
export function bucket(id: string, salt = ''): number {
  let h = 0x811c9dc5
  for (const char of `${salt}:${id}`) h = Math.imul(h ^ char.charCodeAt(0), 0x01000193)
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32
}

/** Whether this shopper is in a holdout of `share` (0–1) of shoppers. */
export const inHoldout = (id: string, { share, salt }: { share: number; salt?: string | undefined }): boolean => bucket(id, salt) < share
