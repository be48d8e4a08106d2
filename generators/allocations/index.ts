// `.fawkes/allocations.json`: the networks Fawkes allocated, committed so that every later run keeps them
// (core/network-plan.ts reads them back). Environments with an explicit `cidr` are not listed.
import { OUTPUT_PATHS } from "../../core/names.ts";
import { emit } from "../../core/provenance.ts";
import { allocationsSchema } from "../../schema/allocations.ts";
import type { Generator } from "../generator.ts";

export const generateAllocations: Generator = (model) => [
  emit(() => ({
    type: "data",
    format: "json",
    path: OUTPUT_PATHS.allocations,
    origin: ["environments"],
    schema: allocationsSchema,
    data: {
      networks: Object.fromEntries(
        model.environments.filter((e) => e.networkAllocated).map((e) => [e.name, e.network]),
      ),
    },
  })),
];
