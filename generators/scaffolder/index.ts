// The golden path: a scaffolder Template per build type and service type under out/catalog/templates/<name>/,
// each with its skeleton (the new repository) and the service request its pull request adds to the platform.
import { CustomObject } from "../../core/custom-object.ts";
import type { OutputFile } from "../../core/file-tree.ts";
import { githubRepoOf, goldenPathTemplates } from "../../core/golden-path.ts";
import { emit } from "../../core/provenance.ts";
import { templateEntitySchema } from "../../schema/outputs/scaffolder.ts";
import type { Generator } from "../generator.ts";
import { skeletonFiles } from "./skeleton.ts";
import { buildTemplate, serviceRequest } from "./template.ts";

export const generateScaffolder: Generator = (model) =>
  goldenPathTemplates(model.platform.repoURL).flatMap(({ build, type, dir }): OutputFile[] => {
    const org = githubRepoOf(model.platform.repoURL)!.owner;
    const origin = ["platform"];
    const text = (path: string, content: () => string): OutputFile =>
      emit(() => ({ type: "text", comment: "nunjucks", path: `${dir}/${path}`, origin, content: content() }));
    return [
      emit(() => ({
        type: "objects",
        path: `${dir}/template.yaml`,
        origin,
        objects: [new CustomObject(templateEntitySchema, buildTemplate(model, build, type, org))],
      })),
      ...Object.entries(skeletonFiles({ build, type, org, configFile: model.configFile })).map(([path, content]) =>
        text(`skeleton/${path}`, () => content),
      ),
      text("platform/service-request.yaml.njk", () => serviceRequest(model, build, type, org)),
    ];
  });
