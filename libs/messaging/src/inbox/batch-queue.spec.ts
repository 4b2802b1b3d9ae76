import { BatchQueue } from './batch-queue';

/** A queue whose groups are recorded, each worked until `finish()` ends the oldest. */
function recorded(maxSize: number, maxInFlight: number) {
  const groups: number[][] = [];
  const open: Array<() => void> = [];
  const queue = new BatchQueue<number>(maxSize, maxInFlight, (items) => {
    groups.push(items);
    return new Promise<void>((resolve) => open.push(resolve));
  });
  const finish = async (): Promise<void> => {
    open.shift()?.();
    await jest.advanceTimersByTimeAsync(0);
  };
  return { queue, groups, finish };
}

describe('BatchQueue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('should start a group at the next turn of the event loop, with everything queued until then', async () => {
    const { queue, groups } = recorded(100, 2);
    queue.push(1);
    queue.push(2);
    expect(groups).toEqual([]);
    await jest.advanceTimersByTimeAsync(0);
    expect(groups).toEqual([[1, 2]]);
  });

  it('should split what queued into groups of at most maxSize, as many at once as maxInFlight allows', async () => {
    const { queue, groups, finish } = recorded(2, 2);
    for (const item of [1, 2, 3, 4, 5]) queue.push(item);
    await jest.advanceTimersByTimeAsync(0);
    expect(groups).toEqual([
      [1, 2],
      [3, 4],
    ]);
    await finish();
    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('should gather what arrives while every slot is in work into the next group', async () => {
    const { queue, groups, finish } = recorded(100, 1);
    queue.push(1);
    await jest.advanceTimersByTimeAsync(0);
    queue.push(2);
    await jest.advanceTimersByTimeAsync(5);
    queue.push(3);
    await jest.advanceTimersByTimeAsync(5);
    expect(groups).toEqual([[1]]);
    await finish();
    expect(groups).toEqual([[1], [2, 3]]);
  });

  it('should resolve push() while it holds fewer than maxSize items, and a waiting push() once a group is done', async () => {
    const { queue, finish } = recorded(3, 2);
    const resolved: number[] = [];
    const push = (item: number): void => void queue.push(item).then(() => resolved.push(item));
    push(1);
    push(2);
    await jest.advanceTimersByTimeAsync(0);
    expect(resolved).toEqual([1, 2]);
    // Three held ([1, 2] in work): the third push queues its item but does not resolve.
    push(3);
    push(4);
    await jest.advanceTimersByTimeAsync(10);
    expect(resolved).toEqual([1, 2]);
    await finish();
    expect(resolved).toEqual([1, 2, 3, 4]);
  });

  it('should count an item at its weight: a group holds at most maxSize of weight, and an item heavier than that alone', async () => {
    const { queue, groups, finish } = recorded(10, 1);
    queue.push(1, 4);
    queue.push(2, 4);
    queue.push(3, 4);
    queue.push(4, 25);
    queue.push(5);
    await jest.advanceTimersByTimeAsync(0);
    expect(groups).toEqual([[1, 2]]);
    await finish();
    expect(groups).toEqual([[1, 2], [3]]);
    await finish();
    expect(groups).toEqual([[1, 2], [3], [4]]);
    await finish();
    expect(groups).toEqual([[1, 2], [3], [4], [5]]);
  });

  it('should resolve push() by the weight it holds, not the number of items', async () => {
    const { queue, finish } = recorded(10, 1);
    const resolved: number[] = [];
    const push = (item: number, weight: number): void => void queue.push(item, weight).then(() => resolved.push(item));
    push(1, 6);
    await jest.advanceTimersByTimeAsync(0);
    // Six held: a push of four more holds ten, the most, and waits until the first group is done.
    push(2, 4);
    await jest.advanceTimersByTimeAsync(10);
    expect(resolved).toEqual([1]);
    await finish();
    expect(resolved).toEqual([1, 2]);
  });

  it('should resolve idle() only once every queued item has been worked on', async () => {
    const { queue, finish } = recorded(100, 2);
    let idle = false;
    queue.push(1);
    void queue.idle().then(() => (idle = true));
    await jest.advanceTimersByTimeAsync(10);
    expect(idle).toBe(false);
    await finish();
    expect(idle).toBe(true);
  });
});
