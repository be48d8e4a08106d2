// No secret values anywhere in the config: only references to Vault paths.
import { problem, type ConfigPath, type Problem } from "../problems.ts";
import type { CheckInput } from "./check-input.ts";

/** Values that are credentials whatever key they sit under. */
export const SECRET_VALUE_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: "an AWS access key id", pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: "a GitHub token", pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { name: "a Slack token", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/ },
  { name: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { name: "a password in a URL", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s:/@]+@/i },
];

/** Keys whose non-empty string value is a secret in all likelihood. */
const SECRET_KEY = /(pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential|client[-_]?secret)$/i;

/**
 * Keys that name a Kubernetes Secret holding the credential (`existingSecret`, `auth.existingSecret`,
 * `existingPasswordSecret`): the standard Helm way to keep credentials out of values. Their value is an object
 * name, which is what they may hold; anything else under them is still a secret value.
 */
const SECRET_REFERENCE_KEY = /^existing[A-Za-z]*Secret$/i;
/** A Kubernetes object name (DNS-1123 subdomain). */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function namesSecret(key: string, value: string): boolean {
  return SECRET_REFERENCE_KEY.test(key) && value.length <= 253 && OBJECT_NAME.test(value);
}

function scan(value: unknown, path: (string | number)[], out: Problem[], keyed: boolean): void {
  if (typeof value === "string") {
    const hit = SECRET_VALUE_PATTERNS.find(({ pattern }) => pattern.test(value));
    if (hit) {
      out.push(
        problem(
          "secret-value",
          path,
          `looks like ${hit.name}`,
          "never put secret values in the config: store them in Vault and reference the path under secrets",
        ),
      );
    } else if (
      keyed &&
      value !== "" &&
      SECRET_KEY.test(String(path[path.length - 1])) &&
      !namesSecret(String(path[path.length - 1]), value)
    ) {
      out.push(
        problem(
          "secret-value",
          path,
          `"${path[path.length - 1]}" holds what looks like a secret value`,
          "store it in Vault and reference its path under the service's secrets",
        ),
      );
    }
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => scan(v, [...path, i], out, false));
  else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) scan(v, [...path, key], out, true);
  }
}

/** Where keys are free-form (env vars, Helm values), a secret-sounding key with a value is a secret. */
const FREE_FORM = (path: ConfigPath): boolean =>
  (path[0] === "services" &&
    (path[2] === "env" ||
      (path[2] === "chart" && path[3] === "values") ||
      (path[2] === "overrides" && path[4] === "env"))) ||
  (path[0] === "components" && (path[2] === "values" || path[4] === "values"));

export function checkSecrets({ raw }: CheckInput): Problem[] {
  const found: Problem[] = [];
  scan(raw, [], found, false);
  return found.filter((p) => p.message.startsWith("looks like") || FREE_FORM(p.path));
}
