// What the bundle gives kubernetes-models' validators for `@kubernetes-models/validate/runtime/re2`
// (scripts/bundle.ts): an RE2 pattern compiled when it is first tested. The validators build their few RE2
// patterns (Go's `(?i)` flag, which JavaScript lacks: PrometheusRule's partial_response_strategy, an
// AlertmanagerConfig's month and weekday ranges) as their modules load, and the first one instantiates
// re2-wasm's WebAssembly: 40-45 ms of every generate, check and plan, for fields Fawkes never writes.
// The validators only call `test` (test/lazy-re2.test.ts reads every pattern and call in the installed schemas).
import { createRequire } from "node:module";

interface Re2Pattern {
  test(text: string): boolean;
}
type Re2Class = new (pattern: string, flags?: string) => Re2Pattern;

let re2: Re2Class | undefined;

/** re2-wasm, found from the validators' own runtime (their dependency, not Fawkes's). */
function loadRe2(): Re2Class {
  const require = createRequire(import.meta.resolve("@kubernetes-models/validate/runtime/re2"));
  return (re2 ??= (require("re2-wasm") as { RE2: Re2Class }).RE2);
}

export default class LazyRe2 implements Re2Pattern {
  readonly #pattern: string;
  readonly #flags: string | undefined;
  #compiled: Re2Pattern | undefined;

  constructor(pattern: string, flags?: string) {
    this.#pattern = pattern;
    this.#flags = flags;
  }

  test(text: string): boolean {
    this.#compiled ??= new (loadRe2())(this.#pattern, this.#flags);
    return this.#compiled.test(text);
  }
}
