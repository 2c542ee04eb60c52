/**
 * @parsercraft/core: the hardening core every ParserCraft tool stands on.
 * See ARCHITECTURE.md ("The core") for how the parts fit together.
 */
export {};
