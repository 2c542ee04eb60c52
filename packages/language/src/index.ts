/**
 * @parsercraft/language: ParserCraft language configs of every dialect, editor-grade parsing, symbols, protocol type checks and C code generation.
 *
 * Not implemented yet: issue #3 fills this package. It exists now so that the
 * workspace layout, project references and dependency direction are fixed from the start.
 */
export {};
