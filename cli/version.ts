import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The installed package: version and root folder, found upward from this module (dist/ or source). */
function findPackage(): { version: string; root: string | undefined } {
  for (let dir = new URL("./", import.meta.url); ; dir = new URL("../", dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL("package.json", dir), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "fawkes" && pkg.version) return { version: pkg.version, root: fileURLToPath(dir) };
    } catch {
      // not here; look one folder up
    }
    if (dir.pathname === "/") return { version: "0.0.0", root: undefined };
  }
}

const found = findPackage();
export const VERSION: string = found.version;
/** The package's folder (files shipped with it, such as the Jenkins shared library), when found. */
export const PACKAGE_ROOT: string | undefined = found.root;
