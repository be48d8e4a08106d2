// Where a worker thread's module is, beside the module that starts it (`from`: its import.meta.url): built,
// dist/bundle/<name>.js beside the bundle's chunks (or dist/cli/<name>.js); from source (the tests), cli/<name>.ts.
export function workerBeside(from: string, name: string): URL {
  return new URL(from.endsWith(".ts") ? `./${name}.ts` : `./${name}.js`, from);
}
