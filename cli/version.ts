import { readFileSync } from "node:fs";

/** The version in package.json: found upward from this module, whether it runs from dist/ or from source. */
function readVersion(): string {
  for (let dir = new URL("./", import.meta.url); ; dir = new URL("../", dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL("package.json", dir), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "fawkes" && pkg.version) return pkg.version;
    } catch {
      // not here; look one folder up
    }
    if (dir.pathname === "/") return "0.0.0";
  }
}

export const VERSION: string = readVersion();
