/**
 * parsercraft-vscode: VS Code client for ParserCraft languages with a health status bar.
 *
 * Not implemented yet: issue #8 fills this package. It exists now so that the
 * workspace layout, project references and dependency direction are fixed from the start.
 */
export {};
