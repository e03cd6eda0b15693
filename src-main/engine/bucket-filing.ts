/**
 * A bucket index's bucket of a trigger, and the filing of many accounts in a bucket index
 * (trigger-index.ts `BucketTriggerIndex.addAll`) as a pure function of its columns — a counting sort
 * a population helper also runs on its thread (helper-tasks.ts `BucketTask`) while the caller files
 * the other index.
 */
import type { BucketTask } from './helper-tasks.ts';

/** The bucket of trigger `key` among `count` buckets (none and negative first, infinite last). */
export function bucketOfKey(key: number, scale: number, offset: number, count: number): number {
  if (!(key > 0)) return 0;
  if (key === Infinity) return count - 1;
  return bucketOfLogKey(Math.log(key), scale, offset, count);
}

/** The bucket of log trigger `logKey` among `count` buckets (bucket k: floor(k · scale) − offset; clamped). */
export function bucketOfLogKey(logKey: number, scale: number, offset: number, count: number): number {
  if (logKey === Infinity) return count - 1;
  if (!(logKey > -Infinity)) return 0;
  const b = Math.floor(logKey * scale) - offset;
  return b < 0 ? 0 : b >= count ? count - 1 : b;
}

/**
 * Room a bulk-filed bucket of `size` entries starts with: half as much again, and four. Accounts
 * filed into it later (triggers moved by top-ups, accounts filed back) then mostly fit: with the
 * lists sized exactly, the first such add grew each of them into a fresh array twice its size —
 * about 4,600 copies at 1 M accounts on Black Thursday, most of them page faults on new memory.
 */
export function roomFor(size: number): number {
  return size + (size >> 1) + 4;
}

/** Room `roomFor` gives `members` entries in at most `buckets` buckets, all told (an upper bound). */
export function filingRoom(members: number, buckets: number): number {
  return members + (members >> 1) + 4 * Math.min(buckets, members);
}

/**
 * Runs a {@link BucketTask}: a counting sort of the members by bucket (the lists and room `addAll`
 * makes, members' order kept within a bucket). Pure: a helper thread runs it with the same result.
 */
export function fileBuckets(task: BucketTask): void {
  const { members, trigger, log, shift, scale, offset, count, filedIn, starts, sizes, storage } = task;
  sizes.fill(0); // (run again by the caller when a helper could not finish it)
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!;
    const b =
      log !== null
        ? bucketOfLogKey(log[i]! + shift, scale, offset, count)
        : bucketOfKey(trigger[i]!, scale, offset, count);
    filedIn[i] = b;
    sizes[b]!++;
  }
  let at = 0;
  for (let b = 0; b < count; b++) {
    starts[b] = at;
    if (sizes[b]! > 0) at += roomFor(sizes[b]!);
  }
  starts[count] = at;
  const next = starts.slice(0, count);
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!;
    storage[next[filedIn[i]!]!++] = i;
  }
}
