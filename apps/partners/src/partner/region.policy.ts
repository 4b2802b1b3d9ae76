/**
 * Regions are ISO 3166 codes: a country (`DE`) or one of its subdivisions (`DE-BY`). A subdivision lies in its
 * country, so a partner covering `DE` covers `DE-BY`. Lead routing (which partners a lead's region lies in) and
 * the territory filter both answer through here.
 */

import { normaliseRegion } from '@saleswire/contracts';

export { normaliseRegion };

/** The territories as stored: canonical, each once, in the order first given. */
export function normaliseTerritories(codes: readonly string[]): string[] {
  return [...new Set(codes.map(normaliseRegion))];
}

/** The country a region lies in: `DE` for `DE-BY` and for `DE`. */
export function countryOf(region: string): string {
  return normaliseRegion(region).split('-')[0];
}

/** Whether `region` lies in `territory`: the same code, or a subdivision of the territory's country. */
export function regionLiesIn(region: string, territory: string): boolean {
  const r = normaliseRegion(region);
  const t = normaliseRegion(territory);
  return r === t || (!t.includes('-') && countryOf(r) === t);
}

/** Whether a partner with these territories covers a lead (or any record) in `region`. */
export function covers(territories: readonly string[], region: string): boolean {
  return territories.some((territory) => regionLiesIn(region, territory));
}

/**
 * Whether a partner with these territories works anywhere in `region`, which the territory filter asks: it covers
 * the region, or the region is a country one of whose subdivisions the partner covers (`DE` finds a `DE-BY` partner).
 */
export function worksIn(territories: readonly string[], region: string): boolean {
  return covers(territories, region) || territories.some((territory) => regionLiesIn(territory, region));
}
