// Types of seeded-random.mjs for the TypeScript that imports it; the tools run the JavaScript as is.

/** A generator of numbers in [0, 1) fixed by `seed` (mulberry32). */
export function seededRandom(seed: number): () => number;
