/**
 * A schema built the first time a parse reaches it. zod builds each schema as dozens of objects, and
 * the schemas a module built when it loaded cost every command and every app start (the options
 * schemas ~7 ms, the lessons' ~5 ms, measured per module of the command's bundle) though most are
 * never parsed: a replay of a crash without options builds only the two outer options schemas (zod
 * reads an optional field's schema to know it is optional), none of what they hold, and no lesson's.
 * The same parse and the same issues; zod-issues.ts reads through it.
 */
import { z } from 'zod';
import { once } from './lazy-map.ts';

export function lazySchema<T extends z.ZodType>(build: () => T): z.ZodLazy<T> {
  return z.lazy(once(build));
}
