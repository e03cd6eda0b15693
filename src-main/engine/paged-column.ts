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
import { objectArray } from './double-fields.ts';
import type { Columns } from './buffer-pool.ts';

const SHIFT = 14;
const MASK = (1 << SHIFT) - 1;
/** Entries per page. */
export const PAGE = 1 << SHIFT;

type Page = Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

/**
 * Holds its page source and element type as data, not as a function: a world is copied for
 * counterfactual passes (simulation/fork.ts), which shares `columns` and refuses to copy functions.
 *
 * One class per element type, each with its own `at`/`set`/`add`: V8 keeps type feedback per
 * function, so one class serving all three typed arrays made every access polymorphic (a kick
 * writes a dozen of these; ~1.6% of a 100 k Black Thursday replay's instructions).
 */
abstract class PagedBase<T extends Page> {
  protected readonly pages: T[] = objectArray<T>();

  constructor(
    private readonly columns: Columns,
    private readonly type: 'f64' | 'i32' | 'u8',
  ) {}

  /** Makes entry k writable (k: at most one past the last entry made writable). */
  grow(k: number): void {
    if (k >>> SHIFT === this.pages.length) this.pages.push(this.columns[this.type](PAGE) as T);
  }

  abstract at(k: number): number;
  abstract set(k: number, v: number): void;
  abstract add(k: number, v: number): void;

  /**
   * Page p: entries p·PAGE … p·PAGE + PAGE − 1 (a reader of many entries loops over pages; `at`
   * pays a page lookup per entry).
   */
  page(p: number): T {
    return this.pages[p]!;
  }

  get bytes(): number {
    let b = 0;
    for (const p of this.pages) b += p.byteLength;
    return b;
  }
}

class PagedF64 extends PagedBase<Float64Array<ArrayBuffer>> {
  at(k: number): number {
    return this.pages[k >>> SHIFT]![k & MASK]!;
  }
  set(k: number, v: number): void {
    this.pages[k >>> SHIFT]![k & MASK] = v;
  }
  add(k: number, v: number): void {
    this.pages[k >>> SHIFT]![k & MASK]! += v;
  }
}

class PagedI32 extends PagedBase<Int32Array<ArrayBuffer>> {
  at(k: number): number {
    return this.pages[k >>> SHIFT]![k & MASK]!;
  }
  set(k: number, v: number): void {
    this.pages[k >>> SHIFT]![k & MASK] = v;
  }
  add(k: number, v: number): void {
    this.pages[k >>> SHIFT]![k & MASK]! += v;
  }
}

class PagedU8 extends PagedBase<Uint8Array<ArrayBuffer>> {
  at(k: number): number {
    return this.pages[k >>> SHIFT]![k & MASK]!;
  }
  set(k: number, v: number): void {
    this.pages[k >>> SHIFT]![k & MASK] = v;
  }
  add(k: number, v: number): void {
    this.pages[k >>> SHIFT]![k & MASK]! += v;
  }
}

/** A paged column of one element type (made by `PagedColumn.f64/i32/u8`). */
export type PagedColumn<T extends Page = Page> = PagedBase<T>;

export const PagedColumn = {
  f64: (columns: Columns): PagedColumn<Float64Array<ArrayBuffer>> => new PagedF64(columns, 'f64'),
  i32: (columns: Columns): PagedColumn<Int32Array<ArrayBuffer>> => new PagedI32(columns, 'i32'),
  u8: (columns: Columns): PagedColumn<Uint8Array<ArrayBuffer>> => new PagedU8(columns, 'u8'),
};
