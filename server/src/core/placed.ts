import { shiftByPlan, type ShiftPlan } from './positions';

/**
 * One block's items (drugs or statistics) as its block result keeps them, with how far the block
 * moved since they were found: `delta` characters, by their plans (`shiftByPlan`).
 */
export interface PlacedPart<T> {
  /** The block's range in this version: its items lie inside it. */
  from: number;
  to: number;
  items: readonly T[];
  plans: readonly (ShiftPlan | undefined)[];
  delta: number;
}

/**
 * A note's drugs or statistics, block by block, each block's moved to its place only when read.
 * An edit moves every later block: moving all their items (new objects, offset-bearing ids made
 * again) cost ~2–3 ms per keystroke near the start of the bench note, while the diagnostics need
 * only the items of the sentences judged again (`within`). The whole list (`all`), made when first
 * asked for (the analysis's output, a rule that reads every item), is the same as moving each
 * block's items at once; `within` gives the same objects.
 */
export class PlacedList<T extends { start: number; end: number }> {
  private moved: (readonly T[] | undefined)[];
  private orders: (number[] | null | undefined)[];
  private whole: T[] | undefined;

  constructor(private readonly parts: readonly PlacedPart<T>[]) {
    this.moved = new Array(parts.length);
    this.orders = new Array(parts.length);
  }

  /** A list already in place (no block moved). */
  static of<T extends { start: number; end: number }>(items: T[]): PlacedList<T> {
    const list = new PlacedList<T>(items.length ? [{ from: -Infinity, to: Infinity, items, plans: [], delta: 0 }] : []);
    list.whole = items;
    return list;
  }

  /** Every item at its place, in note order of the blocks (the same array on every call). */
  get all(): T[] {
    if (this.whole) return this.whole;
    const out: T[] = [];
    for (let p = 0; p < this.parts.length; p++) for (const item of this.part(p)) out.push(item);
    return (this.whole = out);
  }

  /**
   * The items inside [start, end] (an item's start at or after `start`, its end at or before
   * `end`), in the list's order (`all`'s): the drugs the evidence stage asks for a sentence, and
   * (sorted by start) the statistics that statisticsBySentence groups for one.
   */
  within(start: number, end: number): T[] {
    const { parts } = this;
    // The first block ending at or after `start`.
    let lo = 0;
    let hi = parts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (parts[mid].to < start) lo = mid + 1;
      else hi = mid;
    }
    const out: T[] = [];
    for (let p = lo; p < parts.length && parts[p].from <= end; p++) {
      const items = this.part(p);
      // By start: the block's items in their order when sorted (as the recognisers find them), else through a sorted index.
      const order = this.orderOf(p);
      const at = (k: number): T => items[order ? order[k] : k];
      let a = 0;
      let b = items.length;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (at(mid).start < start) a = mid + 1;
        else b = mid;
      }
      if (!order) {
        for (let k = a; k < items.length && items[k].start <= end; k++) if (items[k].end <= end) out.push(items[k]);
        continue;
      }
      const found: number[] = [];
      for (let k = a; k < items.length && at(k).start <= end; k++) if (at(k).end <= end) found.push(order[k]);
      found.sort((x, y) => x - y);
      for (const k of found) out.push(items[k]);
    }
    return out;
  }

  /** Part `p`'s items by start (stable) as indices, or undefined when they are sorted already (worked out once). */
  private orderOf(p: number): number[] | undefined {
    let order = this.orders[p];
    if (order === undefined) {
      const { items } = this.parts[p];
      let sorted = true;
      for (let k = 1; k < items.length && sorted; k++) if (items[k - 1].start > items[k].start) sorted = false;
      order = sorted ? null : items.map((_, k) => k).sort((x, y) => items[x].start - items[y].start || x - y);
      this.orders[p] = order;
    }
    return order ?? undefined;
  }

  /**
   * Each block's items as the block keeps them, with the distance it moved: a pass over the blocks
   * (in note order). The same `items` array comes again, with another `delta`, for a block an
   * edit left alone, so a reader may keep what it works out of one by that array.
   */
  eachPart(visit: (items: readonly T[], delta: number) => void): void {
    for (let p = 0; p < this.parts.length; p++) visit(this.parts[p].items, this.parts[p].delta);
  }

  /** How many parts (blocks) the list has: `part(0)` … `part(parts - 1)` are its items in order. */
  get partCount(): number {
    return this.parts.length;
  }

  /** The items of part `p` at their place (moved once, then kept for `all` and `within`). */
  part(p: number): readonly T[] {
    let moved = this.moved[p];
    if (!moved) {
      const { items, plans, delta } = this.parts[p];
      if (delta === 0) moved = items;
      else {
        const out: T[] = [];
        for (let i = 0; i < items.length; i++) out.push(shiftByPlan(items[i], plans[i], delta));
        moved = out;
      }
      this.moved[p] = moved;
    }
    return moved;
  }
}

/**
 * `target[key]` read as `list.all`, made when first read (an enumerable property, so a copy, JSON
 * and structured clone see the list). Set, it becomes a plain property holding what was set. A
 * property `target` has already keeps its place among the keys (the Analysis's JSON keeps its order).
 */
export function defineLazyList<T extends { start: number; end: number }>(target: object, key: string, list: PlacedList<T>): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get: () => list.all,
    set(value: unknown) {
      Object.defineProperty(this, key, { value, enumerable: true, configurable: true, writable: true });
    },
  });
}
