// What the CLI's bundle (dist/bundle/, scripts/bundle.ts) carries: every command loads the chunk with Zod, so
// what esbuild keeps of it is start-up time. Zod's namespace shakes only when imported as `import * as z`:
// through `import { z }`, esbuild keeps all of Zod's 40-odd message locales (370 KB) in the chunk.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";

const test = suite("bundle");
const DIR = join(import.meta.dirname, "../dist/bundle");

test("the bundle keeps Zod's English messages and no other locale", () => {
  let chunks: string[];
  try {
    chunks = readdirSync(DIR).filter((f) => f.endsWith(".js"));
  } catch {
    console.log("  skip: no dist/bundle (run `npm run build`)");
    return;
  }
  const locales = new Set(
    chunks.flatMap((f) =>
      [...readFileSync(join(DIR, f), "utf8").matchAll(/^\/\/ node_modules\/zod\/v4\/locales\/([\w-]+)\.js$/gm)].map(
        (m) => m[1]!,
      ),
    ),
  );
  assert.equal([...locales], ["en"]);
});

test.run();
