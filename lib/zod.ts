/**
 * The zod every schema of the extension uses: zod/mini, whose functions (rather than classic
 * zod's method chains) let the bundles keep only the validators they use. Classic zod installs
 * its English messages by itself; zod/mini says only "Invalid input" until a locale is set, so it
 * is set here, once, before any schema module can parse (every schema module imports this one).
 */
import * as z from 'zod/mini';

z.config(z.locales.en());

export { z };
