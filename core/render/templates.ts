// Prose and code in other languages (Markdown pages, Job DSL) are rendered from nunjucks templates; Markdown
// is then formatted by prettier in the pipeline.
import nunjucks from "nunjucks";

const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true });
/** A Markdown table cell: pipes escaped, line breaks flattened. */
env.addFilter("cell", (value: unknown) => String(value ?? "").replace(/\|/g, "\\|").replace(/\n/g, " "));
env.addFilter("code", (value: unknown) => (value === undefined || value === "" ? "" : `\`${String(value)}\``));

export function renderTemplate(template: string, context: object): string {
  return env.renderString(template, context);
}
