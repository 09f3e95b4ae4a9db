export { canonicalJson } from './canonical-json.js';
export { chainHashes, GENESIS_HASH, hashEvent } from './event-hash.js';
export { verifyChain, type ChainProblem, type ChainVerification } from './verify-chain.js';
