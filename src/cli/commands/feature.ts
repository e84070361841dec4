/** `tsbpf feature VERB`: bpftool's feature object. */
import { CommandGroup } from '../registry.js';

export const featureVerbs = new CommandGroup('feature', 'what the running kernel supports (bpftool feature grammar)');

featureVerbs.register('probe', 'program types, map types, helpers and attach kinds the running kernel supports', async () => (await import('./kernel_show.js')).featureProbeCommand);
