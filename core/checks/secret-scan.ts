// The config's and the releases file's text scanned for credentials by secretlint's recommended rule set
// (AWS, GCP, Azure, GitHub, Slack, Stripe, npm, private keys, basic auth and more): a maintained rule set
// catches the formats a hand-written list misses. Hits point at the line and column of the text.
import type { Problem } from "../problems.ts";

export interface ScannedSource {
  readonly origin: "config" | "releases";
  readonly file: string;
  readonly content: string;
}

export async function scanSecrets(sources: readonly ScannedSource[]): Promise<Problem[]> {
  const [{ lintSource }, { creator: recommended }] = await Promise.all([
    import("@secretlint/core"),
    import("@secretlint/secretlint-rule-preset-recommend"),
  ]);
  const config = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommended }] };
  const problems: Problem[] = [];
  for (const source of sources) {
    if (source.content === "") continue;
    const result = await lintSource({
      source: { filePath: source.file, content: source.content, contentType: "text" },
      options: { config },
    });
    for (const message of result.messages) {
      problems.push({
        code: "secret-value",
        path: [],
        origin: source.origin,
        message: `${message.message.replace(/: .*/s, "")} (${message.ruleId.replace("@secretlint/secretlint-rule-", "")})`,
        hint: "never put secret values in the config: store them in Vault and reference the path under secrets",
        at: { line: message.loc.start.line, column: message.loc.start.column + 1 },
      });
    }
  }
  return problems;
}
