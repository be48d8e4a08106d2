// GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`). The runner un-escapes `%3A` and
// `%2C` only in property values, so the message escapes `%`, CR and LF alone.

/** Escaping of a workflow command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escaping of a property value (file, title): also `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function errorAnnotation(file: string, line: number | undefined, title: string, message: string): string {
  const where = `file=${escapeProperty(file)}${line === undefined ? "" : `,line=${line}`}`;
  return `::error ${where},title=${escapeProperty(title)}::${escapeData(message)}`;
}

/** 1-based number of the first line where two texts differ (line endings ignored). */
export function firstDifferingLine(before: string, after: string): number {
  const a = before.replace(/\r\n/g, "\n").split("\n");
  const b = after.split("\n");
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  const lines = a[a.length - 1] === "" ? a.length - 1 : a.length;
  return Math.max(Math.min(line + 1, lines), 1);
}
