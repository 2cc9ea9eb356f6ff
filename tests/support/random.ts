/** Deterministic PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed. */
export function rng(seed: number): () => number {
  let s = (Math.floor(seed) * 0x9e3779b1) >>> 0 || 0x6d2b79f5;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
