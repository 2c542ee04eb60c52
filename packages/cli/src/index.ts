/**
 * @parsercraft/cli: The parsercraft command: doctor, install, check, codegen and lsp.
 *
 * Not implemented yet: issue #7 fills this package. It exists now so that the
 * workspace layout, project references and dependency direction are fixed from the start.
 */
export {};
