/** registers the web page's table (bench/web.ts) with `npm run bench` */
import { registerBench } from './registry.js';
import { benchWeb, webTable } from './web.js';
import { browserSkip } from '../test/web/browser.js';

registerBench({
  name: 'web',
  run: async () => {
    if (browserSkip) return { title: `Web page: skipped (${browserSkip})`, columns: [], rows: [] };
    const t = webTable(await benchWeb());
    return {
      title: 'Web page in chromium (playwright-core): first paint, 10,000-instruction state view, dashboard at 10,000 packets/s',
      ...t,
      notes: ['  ratio of the states row: page time (open, verify, draw) over verify() of the same program in Node, same run', '  dashboard ratio: updates drawn over snapshots the server sent (1.00: every update drawn)'],
    };
  },
});
