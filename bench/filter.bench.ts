/** registers the filter-throughput table (bench/filter.ts) with `npm run bench` */
import { registerBench } from './registry.js';
import { benchFilter } from './filter.js';

registerBench({
  name: 'filter',
  run: async (o) => {
    const rows = await benchFilter(o.quick ? { bytes: 101 * 1024 * 1024, engines: ['cbpf-jit'] } : {});
    return {
      title: 'Filter throughput: tsbpf filter vs tcpdump -r IN -w /dev/null EXPR (105 MiB generated capture)',
      columns: ['expression', 'engine', 'packets', 'selected', 'tsbpf Mpkt/s', 'tcpdump Mpkt/s', 'ratio'],
      rows: rows.map((r) => [r.expr, r.engine, r.packets, r.selected, (r.pps / 1e6).toFixed(2), r.tcpdumpPps ? (r.tcpdumpPps / 1e6).toFixed(2) : '-', r.ratio ? r.ratio.toFixed(2) : '-']),
      notes: ['  packets per CPU second of the filtering process (tsbpf: this process; tcpdump: the child, user + system)', '  ratio > 1: tsbpf is faster'],
    };
  },
});
