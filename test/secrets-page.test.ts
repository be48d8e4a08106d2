// docs/reference/secrets.md lists every Vault path an ExternalSecret of a cluster reads, per environment,
// with the command that seeds it; paths the platform writes itself are not for the operator to seed.
import { parseAllDocuments } from "yaml";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateExample } from "./helpers/pipeline.ts";

const test = suite("secrets page");

test("every Vault path an ExternalSecret reads is on the page, under its environment, with a seeding command", async () => {
  const { tree } = await generateExample();
  const page = tree.get("docs/reference/secrets.md")!.content;
  const section = (env: string) => page.split(/^## /m).find((s) => s.startsWith(`${env}\n`)) ?? "";
  let checked = 0;
  for (const [path, file] of tree) {
    const env = /^out\/platform\/(?:services|clusters)\/([^/]+)\//.exec(path)?.[1];
    if (!env || !path.endsWith(".yaml")) continue;
    for (const doc of parseAllDocuments(file.content)) {
      const o = doc.toJS() as { kind?: string; spec?: { data?: { remoteRef: { key: string } }[] } } | null;
      if (o?.kind !== "ExternalSecret") continue;
      for (const { remoteRef } of o.spec?.data ?? []) {
        if (remoteRef.key.startsWith("platform/generated/")) {
          assert.not.match(section(env), `vault kv put kv/${remoteRef.key} `, "written by the platform, not seeded");
          continue;
        }
        assert.ok(section(env).includes(`vault kv put kv/${remoteRef.key} `), `${env}: kv/${remoteRef.key} (${path})`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 20, `${checked} paths checked`);
});

test.run();
