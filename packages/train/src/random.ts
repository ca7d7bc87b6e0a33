/** mulberry32: a small seeded generator, so training is reproducible run to run. */
export function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A seeded Fisher–Yates shuffle of `array`, in place. */
export function shuffle<T extends { [i: number]: number; length: number }>(array: T, next: () => number): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    const swap = array[i]!
    array[i] = array[j]!
    array[j] = swap
  }
  return array
}
