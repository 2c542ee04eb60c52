/**
 * The modules doctor checks need, loaded when a check runs rather than when the doctor
 * starts (see commands/doctor.ts). Each is a check's `load`, so loading counts against the
 * check's budget but not in the duration it reports.
 */
export const registryClient = () => import('@parsercraft/registry-client');
export const languagePackage = () => import('@parsercraft/language');
export const workspace = () => import('@parsercraft/lsp-server/workspace');
