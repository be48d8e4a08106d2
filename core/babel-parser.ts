// @babel/parser, loaded at its first parse. Every command imports the config's locator (through
// core/config-text.ts), but most runs never parse the config's TypeScript: they have no problem to locate and
// find their duplicate keys in the cache. Imported at start-up, the parser's 500 KB cost every command,
// `--version` too, 22 ms. The package is an ES module, which `require` loads synchronously (Node 22.12 and later,
// without a warning from 22.13 and 23.5; `--no-experimental-require-module` turns it off, and the first problem
// to locate would then fail to load the parser).
import { createRequire } from "node:module";
import type * as Babel from "@babel/parser";

const require = createRequire(import.meta.url);
let babel: typeof Babel | undefined;

/** @babel/parser's `parse`. */
export const parse: typeof Babel.parse = (input, options) => {
  babel ??= require("@babel/parser") as typeof Babel;
  return babel.parse(input, options);
};
