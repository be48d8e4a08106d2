// `fawkes apply-requests`: the service requests the golden path's Backstage template adds under
// .fawkes/requests/ (one YAML file per service: its config entry and its first release) are written into the
// config and the releases file, the request files are removed, and the tree is regenerated; the pull request
// then carries everything `fawkes check` and `plan` review. On any failure every file is put back as it was.
import { readdir, rm } from "node:fs/promises";
import { parseDocument } from "yaml";
import * as z from "zod";
import { addService } from "../../core/config-edit.ts";
import { addReleases } from "../../core/releases-edit.ts";
import { REQUESTS_DIR } from "../../core/names.ts";
import { buildTree } from "../build-tree.ts";
import { readRepoText, writeRepoFile } from "../disk.ts";
import type { SourceOptions } from "../load-sources.ts";
import { withLock } from "../lock.ts";
import { plural, type Io } from "../output.ts";
import { createPathGuard, type PathGuard } from "../safe-path.ts";
import { generateLocked } from "./generate.ts";

const requestSchema = z
  .object({
    service: z.string().regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, { message: "must be a DNS label" }),
    config: z.record(z.string(), z.unknown()),
    releases: z.record(z.string(), z.string().min(1)).default({}),
  })
  .strict();

type Request = z.infer<typeof requestSchema> & { readonly file: string };

async function readRequests(guard: PathGuard, io: Io): Promise<Request[] | undefined> {
  let names: string[];
  try {
    names = (await readdir(await guard.resolve(REQUESTS_DIR))).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const requests: Request[] = [];
  for (const name of names) {
    const file = `${REQUESTS_DIR}/${name}`;
    const document = parseDocument((await readRepoText(guard, file)) ?? "");
    const parsed =
      document.errors.length === 0 ? requestSchema.safeParse(document.toJS({ maxAliasCount: 0 })) : undefined;
    if (!parsed?.success) {
      const why =
        document.errors[0]?.message ?? parsed?.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)[0];
      io.err(`${file}: not a service request: ${why}`);
      return undefined;
    }
    if (name.replace(/\.ya?ml$/, "") !== parsed.data.service) {
      io.err(
        `${file}: requests service "${parsed.data.service}" but is named ${name} (name it ${parsed.data.service}.yaml)`,
      );
      return undefined;
    }
    requests.push({ ...parsed.data, file });
  }
  return requests;
}

export async function applyRequestsCommand(options: SourceOptions, io: Io): Promise<number> {
  const guard = await createPathGuard(options.cwd);
  return withLock(guard, "apply-requests", io, () => applyLocked(options, guard, io));
}

async function applyLocked(options: SourceOptions, guard: PathGuard, io: Io): Promise<number> {
  const requests = await readRequests(guard, io);
  if (!requests) return 1;
  if (requests.length === 0) {
    io.out(`fawkes apply-requests: no service requests in ${REQUESTS_DIR}/`);
    return 0;
  }
  const built = await buildTree(options, io, { warnings: false });
  if (!built) return 1;
  const configFile = built.sources.configFile;
  const configBefore = built.sources.configSource;
  const releasesBefore = (await readRepoText(guard, built.releasesFile)) ?? "";
  let config = configBefore;
  let releases = releasesBefore;
  for (const request of requests) {
    const edit = addService(configFile, config, request.service, request.config);
    if (!edit.ok) {
      io.err(`${request.file}: ${edit.message}${edit.hint ? ` (${edit.hint})` : ""}`);
      return 1;
    }
    config = edit.source;
    releases = addReleases(
      built.model.environments.map((e) => e.name),
      releases,
      request.service,
      request.releases,
    );
  }
  const restore = async () => {
    await writeRepoFile(guard, configFile, configBefore);
    await writeRepoFile(guard, built.releasesFile, releasesBefore);
    io.err(`fawkes: ${configFile} and ${built.releasesFile} were restored; the requests are still in ${REQUESTS_DIR}/`);
  };
  await writeRepoFile(guard, configFile, config);
  await writeRepoFile(guard, built.releasesFile, releases);
  let code: number;
  try {
    code = await generateLocked(options, guard, io);
  } catch (error) {
    await restore();
    throw error;
  }
  if (code !== 0) {
    await restore();
    return code;
  }
  for (const request of requests) await rm(await guard.resolve(request.file));
  io.out(
    `applied ${plural(requests.length, "service request")}: ${requests.map((r) => r.service).join(", ")} (in ${configFile} and ${built.releasesFile})`,
  );
  return 0;
}
