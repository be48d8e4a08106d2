// The catalog files under out/catalog/, and one Location that lists them (Backstage's values point at it).
import { CustomObject } from "../../core/custom-object.ts";
import type { OutputFile } from "../../core/file-tree.ts";
import { catalogEntitySchema, type CatalogEntity } from "../../schema/outputs/backstage.ts";
import type { Generator } from "../generator.ts";
import { apiEntity, componentEntity, groupEntities, resourceEntities, systemEntities } from "./entities.ts";

export const CATALOG_DIR = "out/catalog";

export const generateBackstage: Generator = (model) => {
  const parts: [string, CatalogEntity[], string[]][] = [
    ["groups.yaml", groupEntities(model), ["teams", "platform"]],
    ["systems.yaml", systemEntities(model), ["services", "teams"]],
    ["components.yaml", model.services.map((s) => componentEntity(model, s)), ["services"]],
    ["apis.yaml", model.services.flatMap((s) => apiEntity(s) ?? []), ["services"]],
    ["resources.yaml", resourceEntities(model), ["environments"]],
  ];
  const present = parts.filter(([, entities]) => entities.length > 0);
  const location: CatalogEntity = {
    apiVersion: "backstage.io/v1alpha1",
    kind: "Location",
    metadata: { name: `${model.platform.name}-platform`, description: "Everything Fawkes generates for the catalog." },
    spec: { targets: present.map(([file]) => `./${file}`) },
  };
  const file = (name: string, entities: CatalogEntity[], sources: string[]): OutputFile => ({
    type: "objects",
    path: `${CATALOG_DIR}/${name}`,
    origin: [sources[0]!],
    sources,
    objects: entities.map((e) => new CustomObject(catalogEntitySchema, e)),
  });
  return [...present.map(([name, entities, sources]) => file(name, entities, sources)), file("all.yaml", [location], ["platform"])];
};
