/**
 * @parsercraft/lsp-server: A language server for ParserCraft languages that keeps serving when parts of it fail, and says so.
 *
 * Not implemented yet: issue #6 fills this package. It exists now so that the
 * workspace layout, project references and dependency direction are fixed from the start.
 */
export {};
