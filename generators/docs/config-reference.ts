// The config reference page, built from the JSON Schema of the config: the descriptions written once in
// schema/ become the documentation.
import type { ResolvedConfig } from "../../core/resolved.ts";
import { configJsonSchema } from "../../schema/json-schema.ts";

interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  required?: string[];
}

export interface FieldRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly default: string;
  readonly description: string;
}

function typeOf(schema: JsonSchema): string {
  // Pipes are escaped once, by the `cell` filter of the table.
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return [...new Set(variants.map(typeOf))].join(" or ");
  if (schema.type === "array") return `list of ${schema.items ? typeOf(schema.items) : "values"}`;
  if (schema.type === "object" && !schema.properties && typeof schema.additionalProperties === "object")
    return `map of ${typeOf(schema.additionalProperties)}`;
  return Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type ?? "any");
}

/** Every documented field, depth first, with `<name>` for map keys and `[]` for list items. */
export function configFields(): FieldRow[] {
  const rows: FieldRow[] = [];
  const visit = (schema: JsonSchema, path: string, required: boolean): void => {
    // An override's fields are the service's own, documented once there.
    if (/\.overrides\.<name>\.[^.]+\./.test(path)) return;
    if (path !== "" && schema.description) {
      rows.push({
        path,
        type: typeOf(schema),
        required,
        default: schema.default === undefined ? "" : JSON.stringify(schema.default),
        description: schema.description,
      });
    }
    for (const [key, child] of Object.entries(schema.properties ?? {}))
      visit(child, path ? `${path}.${key}` : key, (schema.required ?? []).includes(key));
    const entry = schema.additionalProperties;
    if (typeof entry === "object" && (entry.properties || entry.anyOf || entry.oneOf))
      visit({ ...entry, description: undefined }, `${path}.<name>`, false);
    if (schema.items?.properties) visit({ ...schema.items, description: undefined }, `${path}[]`, false);
    for (const variant of schema.anyOf ?? schema.oneOf ?? [])
      if (variant.properties) visit({ ...variant, description: undefined }, path, false);
  };
  visit(configJsonSchema() as JsonSchema, "", true);
  // A field of several variants (a cloud's `provider`, `cidr`) is one row: its types and descriptions merged.
  const byPath = new Map<string, FieldRow>();
  for (const row of rows) {
    const seen = byPath.get(row.path);
    if (!seen) byPath.set(row.path, row);
    else
      byPath.set(row.path, {
        ...seen,
        required: seen.required && row.required,
        type: seen.type.split(" or ").includes(row.type) ? seen.type : `${seen.type} or ${row.type}`,
        description: seen.description.includes(row.description)
          ? seen.description
          : `${seen.description} ${row.description}`,
        default: seen.default || row.default,
      });
  }
  return [...byPath.values()];
}

export const CONFIG_PAGE = `# Config reference

Every field of \`{{ configFile }}\`, from the schema's own descriptions (the same text is in the JSON Schema,
\`schema/fawkes.config.schema.json\`). The fields are the same whether the config is TypeScript, typed by
\`defineConfig\` (editors show these descriptions on hover), or YAML or JSON, checked against that schema.
\`<name>\` stands for a map key, \`[]\` for a list item.

{% for section in sections %}
## {{ section.name }}

| Field | Type | Required | Default | Description |
| --- | --- | --- | --- | --- |
{% for f in section.fields %}
| {{ f.path | code }} | {{ f.type | cell }} | {{ "yes" if f.required else "" }} | {{ f.default | cell | code }} | {{ f.description | cell }} |
{% endfor %}

{% endfor %}
`;

export function configContext(model: ResolvedConfig): object {
  const fields = configFields();
  const sections = [...new Set(fields.map((f) => f.path.split(/[.[]/)[0]!))].map((name) => ({
    name,
    fields: fields.filter((f) => f.path === name || f.path.startsWith(`${name}.`) || f.path.startsWith(`${name}[`)),
  }));
  return { configFile: model.configFile, sections };
}
