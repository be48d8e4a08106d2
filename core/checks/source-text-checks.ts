// The scan of the sources' text for credentials (secretlint): the config, the releases file and the Score files.
// It needs nothing else of the pipeline, so it can run anywhere once the texts are read: the CLI runs it on the
// config's worker thread while the main thread validates and builds (cli/load-config.ts), and the pipeline runs
// it itself when it comes from nowhere else. The same problems either way (test/source-text-checks.test.ts).
// Keys written twice stay with the pipeline: finding them parses the config, a parse the pipeline needs again
// to locate any warning (done twice, a build of 100 services took 0.15 CPU-seconds more).
import type { Problem } from "../problems.ts";
import { scanSecrets } from "./secret-scan.ts";

export interface SourceTexts {
  readonly configFile: string;
  readonly configSource: string;
  readonly releasesFile: string;
  readonly releasesSource: string | undefined;
  readonly scoreSources?: Readonly<Record<string, string>>;
}

export interface SourceTextChecks {
  /** Credentials in the config's text, then in the releases file's, then in each Score file's. */
  readonly secrets: readonly Problem[];
}

export async function checkSourceTexts(texts: SourceTexts): Promise<SourceTextChecks> {
  const secrets = await scanSecrets([
    { origin: "config", file: texts.configFile, content: texts.configSource },
    { origin: "releases", file: texts.releasesFile, content: texts.releasesSource ?? "" },
  ]);
  // A credential in a team's score.yaml is as public as one in the config.
  for (const [file, content] of Object.entries(texts.scoreSources ?? {}))
    for (const found of await scanSecrets([{ origin: "config", file, content }])) secrets.push({ ...found, file });
  return { secrets };
}
