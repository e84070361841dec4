/**
 * The service and protocol names the filter compiler carries (src/hooks/filter/netdb.ts) are the
 * ones libpcap finds through the C library on this machine: each table is compared with
 * /etc/services and /etc/protocols, and a sample of names resolves as tcpdump resolves them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { PROTOCOLS, SERVICES } from '../../src/hooks/filter/netdb.js';
import { compareWithLibpcap, loadCapture, summarize } from './filter_diff_lib.js';
import { NO_TCPDUMP, PCAP_DIR } from './util.js';

const entries = (file: string): string[][] =>
  readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean).map((l) => l.split(/\s+/));

test('SERVICES lists every tcp and udp name and alias of /etc/services with its first port', { skip: existsSync('/etc/services') ? false : 'no /etc/services' }, () => {
  const want = new Map<string, [number, number]>();
  for (const [name, pp, ...aliases] of entries('/etc/services')) {
    const [port, proto] = pp!.split('/');
    if (proto !== 'tcp' && proto !== 'udp') continue;
    for (const n of [name!, ...aliases]) {
      const e = want.get(n) ?? [-1, -1];
      const i = proto === 'tcp' ? 0 : 1;
      if (e[i] < 0) e[i] = Number(port);
      want.set(n, e);
    }
  }
  assert.deepEqual(Object.fromEntries([...want]), Object.fromEntries(Object.entries(SERVICES).map(([k, v]) => [k, [...v]])));
});

test('PROTOCOLS lists every name and alias of /etc/protocols', { skip: existsSync('/etc/protocols') ? false : 'no /etc/protocols' }, () => {
  const want: Record<string, number> = {};
  for (const [name, num, ...aliases] of entries('/etc/protocols')) for (const n of [name!, ...aliases]) want[n] ??= Number(num);
  assert.deepEqual(want, { ...PROTOCOLS });
});

test('service and protocol names select what tcpdump selects, or fail with its message', { skip: NO_TCPDUMP }, async () => {
  const exprs = [
    'port imap2', 'port bootpc', 'tcp port echo', 'udp port fsp', 'sctp port bootps', 'sctp port ssh', 'tcp port bootps', 'udp port ftp',
    'portrange bootps-bootpc', 'portrange ssh-bootps', 'tcp portrange bootps-bootpc', 'udp portrange ssh-20', 'port constructor',
    'ip proto \\ospf', 'proto ipencap', 'ip6 proto ipv6-frag', 'ip proto IP', 'proto \\icmp6', 'proto \\igrp', 'ip proto toString', 'ether proto pup',
  ];
  const r = await compareWithLibpcap(exprs, [loadCapture(PCAP_DIR + 'ethernet.pcap')]);
  assert.deepEqual([...r.selectionMismatch, ...r.refusalMismatch, ...r.messageMismatch], []);
  assert.ok(r.sameSelection >= 10 && r.bothRefused >= 8, summarize(r));
});
