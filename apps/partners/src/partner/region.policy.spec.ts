import { countryOf, covers, normaliseTerritories, regionLiesIn, worksIn } from './region.policy';

describe('region policy', () => {
  it.each([
    ['DE-BY', 'DE', true],
    ['DE', 'DE', true],
    ['de-by', 'DE-BY', true],
    ['DE', 'DE-BY', false],
    ['DE-BE', 'DE-BY', false],
    ['AT-9', 'DE', false],
    ['RU-MOW', 'RU', true],
  ])('should say whether %s lies in %s (%p)', (region, territory, expected) => {
    expect(regionLiesIn(region, territory)).toBe(expected);
  });

  it('should keep territories upper case and each once', () => {
    expect(normaliseTerritories(['de', 'DE', ' ru-mow', 'AT'])).toEqual(['DE', 'RU-MOW', 'AT']);
  });

  it('should find the country of a subdivision', () => {
    expect(countryOf('ru-mow')).toBe('RU');
  });

  it.each([
    [['DE'], 'DE-BY', true, true],
    [['DE-BY'], 'DE', false, true],
    [['DE-BY'], 'DE-BE', false, false],
    [['AT', 'CH'], 'DE', false, false],
  ])('should answer covers and works-in for %p and %s', (territories, region, covered, working) => {
    expect(covers(territories, region)).toBe(covered);
    expect(worksIn(territories, region)).toBe(working);
  });
});
