/**
 * @parsercraft/registry-client: npm-protocol package fetches that survive flaky networks and never leave a corrupt install.
 *
 * Not implemented yet: issue #5 fills this package. It exists now so that the
 * workspace layout, project references and dependency direction are fixed from the start.
 */
export {};
