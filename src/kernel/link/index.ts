/** Links: attaching loaded programs to the running kernel's hooks (see ./attach.ts). */
export { attachProgram, type AttachOptions, type AttachableProgram, XDP_FLAGS_DRV_MODE, XDP_FLAGS_SKB_MODE, XDP_FLAGS_HW_MODE } from './attach.js';
export { Link, MultiLink, linkInfo, attachTypeStr, type LinkInfo, type LinkTarget } from './link.js';
export { tracepointId, onlineCpus } from './perf_event.js';
export { funcOffset, functionsMatching, parseUprobeTarget } from './uprobe.js';
export { attachUsdt, parseUsdtTarget, usdtSpecBytes, UsdtLink, type UsdtAttachOptions } from './usdt.js';
export { objPin, objGet, allIds, fdById, ifIndex, withNetns, LINK_TYPE_NAMES } from './sys.js';
