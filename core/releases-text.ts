// The releases file read line by line. What `fawkes release` writes and what people write by hand (services,
// each a mapping of environments to tags, plain or quoted, with comments) needs none of YAML's generality, and
// the `yaml` package's full parse of it is slow: 35-65 ms for 1,000 services, 650 ms for 20,000. Anything else
// (flow style, anchors, tags, documents, a multi-line scalar, a duplicate key, a scalar YAML reads as other than
// a string) is not read here: the full parse reads it, and reports what is wrong, as before. What is read here
// is what the full parse gives (test/releases-text.test.ts holds them equal).
import { Schema } from "yaml";

/**
 * The scalars YAML's core schema reads as other than strings (null, booleans, numbers): the `yaml` package's own
 * tests, the schema its parse uses.
 */
const NOT_STRINGS: readonly RegExp[] = new Schema({}).tags.flatMap((tag) =>
  "test" in tag && tag.test instanceof RegExp ? [tag.test] : [],
);

/** A key or tag written plain: no indicator first, no space, no `: ` or ` #` inside. */
const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const PLAIN_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.:@+/-]*$/;
/** Only spaces (a tab is not YAML indentation), then a comment or nothing. */
const BLANK = /^ *(?:#.*)?$/;
const SERVICE = /^([^ :#]+): *(?: #.*)?$/;
/** A quoted tag holds no control character (\p{Cc}), and no escape: its text is the tag. */
const ENTRY = /^( +)([^ :#]+): +("[^"\\\p{Cc}]*"|'[^'\p{Cc}]*'|[^ '"#]+) *(?: #.*)?$/u;

/** The longest key YAML takes written plain (yaml's KEY_OVER_1024_CHARS). */
const KEY_MAX = 1024;

/** A plain scalar that YAML reads as the string it writes. */
function plainString(text: string, pattern: RegExp): boolean {
  return pattern.test(text) && !text.endsWith(":") && !NOT_STRINGS.some((test) => test.test(text));
}

/** A key YAML reads as the string it writes, which a plain object can hold as its own. */
function plainKey(text: string): boolean {
  return text.length <= KEY_MAX && text !== "__proto__" && plainString(text, PLAIN_KEY);
}

function tagOf(written: string): string | undefined {
  const quote = written[0];
  if (quote === '"' || quote === "'") return written.slice(1, -1);
  return plainString(written, PLAIN_TAG) ? written : undefined;
}

/**
 * The releases file's value, when it is written in the common form; undefined when the full YAML parse must read
 * it. An empty file (or only comments) is `{}`, as the full parse's null is read.
 */
export function readReleasesText(source: string): Record<string, Record<string, string>> | undefined {
  if (source.includes("\r") || source.includes("\t") || source.charCodeAt(0) === 0xfeff) return undefined;
  const releases: Record<string, Record<string, string>> = {};
  let service: Record<string, string> | undefined;
  let indent = "";
  for (const line of source.split("\n")) {
    if (BLANK.test(line)) continue;
    const top = SERVICE.exec(line);
    if (top) {
      const name = top[1]!;
      // A service without environments is null to YAML.
      if (service && Object.keys(service).length === 0) return undefined;
      if (!plainKey(name) || Object.hasOwn(releases, name)) return undefined;
      releases[name] = service = {};
      indent = "";
      continue;
    }
    const entry = ENTRY.exec(line);
    if (!entry || !service) return undefined;
    const [, spaces, environment, written] = entry as unknown as [string, string, string, string];
    if (indent === "") indent = spaces;
    else if (spaces !== indent) return undefined;
    const tag = tagOf(written);
    if (!plainKey(environment) || Object.hasOwn(service, environment)) return undefined;
    if (tag === undefined) return undefined;
    service[environment] = tag;
  }
  if (service && Object.keys(service).length === 0) return undefined;
  return releases;
}
