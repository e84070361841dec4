/**
 * The live kernel (Node only): objects loaded into the running kernel from the same ObjectSpec the
 * emulator loads, kernel maps with the emulator's typed API, ring buffer / perf buffer /
 * trace_pipe readers. `loadObject(path, { target: 'kernel' })` is the entry point.
 */
export { KernelObject, loadKernelObject, loadKernelObjectSync, kernelSpec, type KernelLoadOptions } from './object.js';
export { KernelMap, kernelMapTypes } from './map.js';
export { KernelProgram, ProgramLoadError } from './program.js';
export { RingBufReader, type RingBufOptions } from './ringbuf.js';
export { PerfBufferReader, perfEventOpen, onlineCpus, type PerfBufferOptions, type PerfSample, type PerfEventAttr } from './perf_buffer.js';
export { kernelBtfFeatures, kernelBtfBytes, loadObjectBtf } from './btf_upload.js';
export { RawBtf, sanitizeBtf, fixupObjectBtf, ALL_BTF_FEATURES, type BtfFeatures } from './btf_fixup.js';
export { vmlinuxBtf, moduleBtfs, kernelConfig, kconfigValues, kernelSymbols, linuxVersionCode } from './system.js';
export { Epoll } from './epoll.js';
export { loadObject } from '../runtime/object.js';
export { kernelAvailable, KernelError } from '../hooks/kernel/bpf.js';
export { TracePipeReader, tracePipe, parseTraceLine, tracefsRoot, type TraceLine, type TracePipeOptions } from './trace_pipe.js';
export { attachProgram, Link, MultiLink, linkInfo, withNetns, type AttachOptions, type AttachableProgram, type LinkInfo } from './link/index.js';
export { progShow, mapShow, linkShow, selectFds } from './link/inspect.js';
export { probeFeatures, type FeatureReport } from './link/features.js';
export { attachUsdt, UsdtLink, type UsdtAttachOptions } from './link/usdt.js';
export { usdtSites, findUsdt, parseUsdtArg, parseUsdtArgs, type UsdtSite, type UsdtArg, type UsdtFile } from './usdt.js';
