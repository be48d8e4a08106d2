// Prose and code in other languages (Markdown pages, Job DSL) are rendered from nunjucks templates; Markdown
// is then formatted by prettier in the pipeline.
import nunjucks from "nunjucks";

const env = new nunjucks.Environment(null, {
  autoescape: false,
  throwOnUndefined: true,
  trimBlocks: true,
  lstripBlocks: true,
});
/** Text from the config in Markdown: raw HTML is shown as text, never rendered by the docs site. */
env.addFilter("text", (value: unknown) =>
  String(value ?? "")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;"),
);
/** A Markdown table cell: pipes escaped, line breaks flattened. */
env.addFilter("cell", (value: unknown) =>
  String(value ?? "")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " "),
);
env.addFilter("code", (value: unknown) => (value === undefined || value === "" ? "" : `\`${String(value)}\``));

/** Compiled templates by source: compiling is most of a render, and the same templates render on every run. */
const compiled = new Map<string, nunjucks.Template>();

export function renderTemplate(template: string, context: object): string {
  let compiledTemplate = compiled.get(template);
  if (!compiledTemplate)
    compiled.set(template, (compiledTemplate = new nunjucks.Template(template, env, undefined, true)));
  return compiledTemplate.render(context);
}
