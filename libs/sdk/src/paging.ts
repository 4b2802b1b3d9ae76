/** One page of a list, as every list of the API answers (API.md, "Lists"). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Every item of a keyset-paged list, page after page, asking for the next page only when it is reached. */
export async function* paginate<T>(readPage: (cursor: string | undefined) => Promise<Page<T>>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await readPage(cursor);
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
