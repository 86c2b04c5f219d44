import assert from "node:assert/strict";
import { BoundedQueue } from "./queue.ts";

Deno.test("BoundedQueue.push() evicts and returns the oldest item when full", () => {
  const queue = new BoundedQueue<number>(3);
  assert.deepEqual([1, 2, 3].map((n) => queue.push(n)), [undefined, undefined, undefined]);
  assert.equal(queue.push(4), 1);
  assert.equal(queue.push(5), 2);
  assert.equal(queue.size, 3);
  assert.equal(queue.peek(), 3);
  assert.deepEqual(queue.clear(), [3, 4, 5]);
  assert.equal(queue.size, 0);
});

Deno.test("BoundedQueue.shift() keeps FIFO order across the ring's wrap-around", () => {
  const queue = new BoundedQueue<number>(2);
  const out: (number | undefined)[] = [];
  for (let n = 0; n < 5; n++) {
    queue.push(n);
    out.push(queue.shift());
  }
  assert.deepEqual(out, [0, 1, 2, 3, 4]);
  assert.equal(queue.shift(), undefined);
});

Deno.test("new BoundedQueue() rejects a capacity below 1", () => {
  assert.throws(() => new BoundedQueue(0), {
    name: "RangeError",
    message: "capacity must be a positive integer, got 0",
  });
});
