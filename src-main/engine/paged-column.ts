/**
 * A column of records that only grows (auctions, liquidation actions): fixed pages of 16 Ki
 * entries, added as the records reach them. Growing copies nothing and frees nothing. A column
 * doubled in one typed array leaves each outgrown copy to the allocator: at a million accounts a
 * run's auction book outgrows some 24 MB of copies, which the C allocator keeps resident once an
 * earlier large buffer has raised its threshold for mapping memory of its own (measured: 29 MB of
 * peak RSS at Black Thursday 1 M). Pages also bound the slack to one page per column.
 *
 * Entries are appended in order: `grow(k)` before the first write of entry k (only a page boundary,
 * k a multiple of PAGE, adds a zeroed page: callers may call it there alone), then `at`/`set`/`add`
 * on any entry below the size grown to.
 */
import type { Columns } from './buffer-pool.ts';

const SHIFT = 14;
const MASK = (1 << SHIFT) - 1;
/** Entries per page. */
export const PAGE = 1 << SHIFT;

type Page = Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

export class PagedColumn<T extends Page = Page> {
  private readonly pages: T[] = [];

  constructor(private readonly page: (n: number) => T) {}

  static f64(columns: Columns): PagedColumn<Float64Array<ArrayBuffer>> {
    return new PagedColumn((n) => columns.f64(n));
  }
  static i32(columns: Columns): PagedColumn<Int32Array<ArrayBuffer>> {
    return new PagedColumn((n) => columns.i32(n));
  }
  static u8(columns: Columns): PagedColumn<Uint8Array<ArrayBuffer>> {
    return new PagedColumn((n) => columns.u8(n));
  }

  /** Makes entry k writable (k: at most one past the last entry made writable). */
  grow(k: number): void {
    if (k >>> SHIFT === this.pages.length) this.pages.push(this.page(PAGE));
  }

  at(k: number): number {
    return this.pages[k >>> SHIFT]![k & MASK]!;
  }

  set(k: number, v: number): void {
    this.pages[k >>> SHIFT]![k & MASK] = v;
  }

  add(k: number, v: number): void {
    this.pages[k >>> SHIFT]![k & MASK]! += v;
  }

  get bytes(): number {
    let b = 0;
    for (const p of this.pages) b += p.byteLength;
    return b;
  }
}
