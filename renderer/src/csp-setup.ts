/**
 * Imported first by main.tsx, before anything that builds zod schemas
 * (shared/contract/ does at load time). Zod probes `new Function("")` when
 * an object schema is created, to decide whether it may compile fast parsers;
 * under the app's CSP (script-src 'self', no 'unsafe-eval') that probe is
 * blocked and logged as a console error even though zod catches it.
 * jitless turns the probe off. The renderer never parses with zod anyway.
 */
import { z } from 'zod';

z.config({ jitless: true });
