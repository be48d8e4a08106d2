// The catalog files under out/catalog/, and one Location that lists them (Backstage's values point at it).
import { CustomObject } from "../../core/custom-object.ts";
import type { OutputFile } from "../../core/file-tree.ts";
import { goldenPathTemplates } from "../../core/golden-path.ts";
import { OUTPUT_PATHS } from "../../core/names.ts";
import { emit } from "../../core/provenance.ts";
import { catalogEntitySchema, type CatalogEntity } from "../../schema/outputs/backstage.ts";
import type { Generator } from "../generator.ts";
import {
  apiEntity,
  claimEntities,
  componentEntity,
  docsEntity,
  groupEntities,
  resourceEntities,
  systemEntities,
} from "./entities.ts";

export const generateBackstage: Generator = (model) => {
  const parts: [name: string, origin: string, build: () => CatalogEntity[]][] = [
    ["groups.yaml", "teams", () => groupEntities(model)],
    ["systems.yaml", "services", () => systemEntities(model)],
    ["components.yaml", "services", () => model.services.map((s) => componentEntity(model, s))],
    ["apis.yaml", "services", () => model.services.flatMap((s) => apiEntity(s) ?? [])],
    ["resources.yaml", "environments", () => resourceEntities(model)],
    ["claims.yaml", "services", () => model.services.flatMap((s) => claimEntities(s))],
    ["docs.yaml", "platform", () => [docsEntity(model)]],
  ];
  const file = (name: string, origin: string, build: () => CatalogEntity[]): OutputFile =>
    emit(() => ({
      type: "objects",
      path: `${OUTPUT_PATHS.catalog}/${name}`,
      origin: [origin],
      objects: build().map((e) => new CustomObject(catalogEntitySchema, e)),
    }));
  const present = parts
    .map(([name, origin, build]) => file(name, origin, build))
    .filter((f) => f.type === "objects" && f.objects.length > 0);
  const location = (): CatalogEntity[] => [
    {
      apiVersion: "backstage.io/v1alpha1",
      kind: "Location",
      metadata: {
        name: `${model.platform.name}-platform`,
        description: "Everything Fawkes generates for the catalog.",
      },
      spec: {
        targets: [
          ...present.map((f) => `./${f.path.slice(OUTPUT_PATHS.catalog.length + 1)}`),
          ...goldenPathTemplates(model.platform.repoURL).map(
            (t) => `./${t.dir.slice(OUTPUT_PATHS.catalog.length + 1)}/template.yaml`,
          ),
        ],
      },
    },
  ];
  return [...present, file("all.yaml", "platform", location)];
};
