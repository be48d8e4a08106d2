// What to say when the manifest of owned files is missing or unreadable: without it Fawkes owns nothing, so
// every existing output file looks like somebody else's.
import type { Ownership } from "../../core/manifest.ts";
import { MANIFEST_PATH } from "../../core/output-roots.ts";

export function missingManifestNote(text: string | undefined, ownership: Ownership | undefined): string | undefined {
  if (ownership) return undefined;
  const what = text === undefined ? "is missing" : "is not a list Fawkes can read";
  return `${MANIFEST_PATH} (the manifest of owned files) ${what}, so Fawkes owns no file here. Restore it from Git (\`git checkout -- ${MANIFEST_PATH}\`), or delete the generated files and run \`npx fawkes generate\`.`;
}
