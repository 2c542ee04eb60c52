/**
 * @parsercraft/registry-client: npm-protocol package fetches that survive flaky networks
 * and never leave a corrupt install. See ARCHITECTURE.md ("The registry client").
 */
export { install, type InstallOptions, type InstallProgress, type InstallResult } from './install.js';
export {
  inspectInstallLock,
  installLockPath,
  removeStaleInstallLock,
  type InstallLockState,
  type InstallWaitingEvent,
} from './lock/install-lock.js';
export { DEFAULT_LOCK_WAIT_MS } from './lock/lock-options.js';
export { resolve, type ResolveResult } from './resolve.js';
export { inspectInstalledTree, type TreeReport } from './inspect-tree.js';
export { pingRegistries, projectRegistries, type PingOptions, type PingResult } from './ping-registries.js';
export type { SessionOptions } from './session.js';
export { verifyCache, type VerifyCacheOptions, type VerifyCacheReport } from './verify-cache.js';
export { readBreakerStates, resetBreakerStates, type SavedBreaker } from './breaker-states.js';
export { RegistryCodes } from './errors/registry-codes.js';
export { DEFAULT_RATE_LIMIT, type CacheMode, type RateLimit } from './registry/registry-fetcher.js';
export type { FetchProgress, FetchSubject, FetchTarget } from './registry/fetch-progress.js';
export type { RequestBudget } from './registry/request-budget.js';
export { parseRegistryList, registriesFor, PUBLIC_REGISTRY, type RegistryStep } from './registry/registry-list.js';
export { DEFAULT_EXTRACTION_LIMITS, type ExtractionLimits } from './extract/entry-rules.js';
export { DEFAULT_MAX_PACKUMENT_BYTES, DEFAULT_MAX_TARBALL_BYTES, type HttpLimits } from './http/registry-http.js';
export { redactUrl } from './http/registry-url.js';
export { LOCKFILE, PROJECT_FILE, packagesDir } from './layout.js';
export type { ProjectFile } from './project/project-file.js';
export type { Lockfile, LockedPackage } from './project/lockfile.js';
export { RegistryTokens } from './auth/npmrc-tokens.js';
