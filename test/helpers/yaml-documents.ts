// The YAML documents of a generated file, parsed once per distinct text in a test process: the variants a
// test generates share most of their files, so each text is parsed once, not once per variant. The values are
// frozen, because every caller shares them.
import { parseAllDocuments } from "yaml";

const parsed = new Map<string, readonly unknown[]>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Every document of `text` as plain data (null for an empty document); throws on a YAML error, naming `file`. */
export function yamlDocuments(text: string, file = "a YAML text"): readonly unknown[] {
  let documents = parsed.get(text);
  if (documents === undefined) {
    documents = parseAllDocuments(text).map((document) => {
      const [error] = document.errors;
      if (error) throw new Error(`${file}: ${error.message}`);
      return deepFreeze(document.toJS() as unknown);
    });
    parsed.set(text, documents);
  }
  return documents;
}
