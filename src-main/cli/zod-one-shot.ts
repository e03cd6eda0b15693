/**
 * A command parses each input about once, so zod's compiled fast path (a `new Function` built for
 * an object schema at its first parse) costs more than it saves: a Black Thursday replay spent
 * ~25 ms compiling the scenario schema's. Off for the command; zod reads the setting when a schema
 * is built, so main.ts imports this before any module that defines one (the app keeps the default).
 */
import { z } from 'zod';

z.config({ jitless: true });
