// What the CLI's bundle (dist/bundle/, scripts/bundle.ts) carries: every command loads the chunk with Zod, so
// what esbuild keeps of it is start-up time. Zod's namespace shakes only when imported as `import * as z`:
// through `import { z }`, esbuild keeps all of Zod's 40-odd message locales (370 KB) in the chunk.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { bundleTexts, NO_BUNDLE } from "./helpers/bundle.ts";
import { testUnless } from "./helpers/skip.ts";

const test = suite("bundle");

testUnless(test, NO_BUNDLE, "the bundle keeps Zod's English messages and no other locale", () => {
  const locales = new Set(
    bundleTexts().flatMap((text) =>
      [...text.matchAll(/^\/\/ node_modules\/zod\/v4\/locales\/([\w-]+)\.js$/gm)].map((m) => m[1]!),
    ),
  );
  assert.equal([...locales], ["en"]);
});

test.run();
