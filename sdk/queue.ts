// A bounded FIFO ring buffer: pushing onto a full queue evicts (and returns) the oldest item.

export class BoundedQueue<T> {
  readonly #slots: (T | undefined)[];
  #head = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.#slots = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Adds an item; when full, the oldest item leaves to make room and is returned. */
  push(item: T): T | undefined {
    let evicted: T | undefined;
    if (this.#size === this.capacity) {
      evicted = this.#slots[this.#head];
      this.#slots[this.#head] = undefined;
      this.#head = (this.#head + 1) % this.capacity;
      this.#size--;
    }
    this.#slots[(this.#head + this.#size) % this.capacity] = item;
    this.#size++;
    return evicted;
  }

  /** The oldest item, still queued. */
  peek(): T | undefined {
    return this.#size === 0 ? undefined : this.#slots[this.#head];
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#slots[this.#head];
    this.#slots[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.capacity;
    this.#size--;
    return item;
  }

  /** Removes every item and returns them oldest first. */
  clear(): T[] {
    const items: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) items.push(item);
    return items;
  }
}
