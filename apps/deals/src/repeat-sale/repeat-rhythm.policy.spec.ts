import { isDue, rhythmOf } from './repeat-rhythm.policy';

const at = (iso: string): Date => new Date(iso);

describe('repeat-sales rhythm', () => {
  it('should have no rhythm when the customer never bought', () => {
    expect(rhythmOf([])).toBeNull();
  });

  it('should have no rhythm when the customer bought once', () => {
    expect(rhythmOf([at('2026-01-10T12:00:00Z')])).toBeNull();
  });

  it('should have no rhythm when every purchase was made on the same day', () => {
    expect(rhythmOf([at('2026-01-10T09:00:00Z'), at('2026-01-10T17:30:00Z'), at('2026-01-10T23:59:59Z')])).toBeNull();
  });

  it('should expect the next purchase one interval after the last when a buyer is regular', () => {
    const rhythm = rhythmOf([at('2026-01-01T10:00:00Z'), at('2026-03-02T15:00:00Z'), at('2026-05-01T08:00:00Z')]);
    expect(rhythm).toEqual({
      purchases: 3,
      lastPurchaseAt: at('2026-05-01T08:00:00Z'),
      medianIntervalDays: 60,
      nextExpectedAt: at('2026-06-30T00:00:00Z'),
    });
  });

  it('should learn the same rhythm whatever order the purchases come in', () => {
    const dates = [at('2026-05-01T08:00:00Z'), at('2026-01-01T10:00:00Z'), at('2026-03-02T15:00:00Z')];
    expect(rhythmOf(dates)).toEqual(rhythmOf([...dates].reverse()));
  });

  it('should follow the median, not the mean, when one gap of an irregular buyer is far off', () => {
    // gaps 30, 32, 200, 29 days: the mean would be 72.75, the median is 31
    const rhythm = rhythmOf([
      at('2025-01-01T00:00:00Z'),
      at('2025-01-31T00:00:00Z'),
      at('2025-03-04T00:00:00Z'),
      at('2025-09-20T00:00:00Z'),
      at('2025-10-19T00:00:00Z'),
    ]);
    expect(rhythm?.medianIntervalDays).toBe(31);
    expect(rhythm?.nextExpectedAt).toEqual(at('2025-11-19T00:00:00Z'));
  });

  it('should average the two middle gaps when the number of gaps is even', () => {
    const rhythm = rhythmOf([at('2026-01-01T00:00:00Z'), at('2026-01-11T00:00:00Z'), at('2026-01-22T00:00:00Z')]);
    expect(rhythm?.medianIntervalDays).toBe(10.5);
    expect(rhythm?.nextExpectedAt).toEqual(at('2026-02-02T00:00:00Z')); // 10.5 rounds to 11 days
  });

  it('should count purchases on the same day once when some are and some are not', () => {
    const rhythm = rhythmOf([at('2026-01-01T09:00:00Z'), at('2026-01-01T18:00:00Z'), at('2026-01-31T10:00:00Z')]);
    expect(rhythm).toMatchObject({ purchases: 2, medianIntervalDays: 30, nextExpectedAt: at('2026-03-02T00:00:00Z') });
  });

  it.each([
    ['15 days before the expected purchase', '2026-06-15T00:00:00Z', false],
    ['exactly 14 days before it', '2026-06-16T00:00:00Z', true],
    ['on the day', '2026-06-30T00:00:00Z', true],
    ['when it is overdue', '2026-08-01T00:00:00Z', true],
  ])('should tell whether the customer is due %s', (_case, now, expected) => {
    const rhythm = rhythmOf([at('2026-01-01T10:00:00Z'), at('2026-03-02T15:00:00Z'), at('2026-05-01T08:00:00Z')])!;
    expect(isDue(rhythm, at(now), 14)).toBe(expected);
  });
});
