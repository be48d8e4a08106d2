// The recipe of the platform's Backstage image (core/backstage-image/): its Dockerfile and the app sources it
// copies over @backstage/create-app's template, in the folder the backstage-image workflow builds. Written when
// Backstage is installed and runs the platform image (`components.backstage.image`, default "platform").
import { backstageImageRecipe } from "../../core/backstage-image/recipe.ts";
import { OUTPUT_PATHS } from "../../core/names.ts";
import { emit } from "../../core/provenance.ts";
import type { Generator } from "../generator.ts";

export const generateBackstageImage: Generator = (model) => {
  if (!model.installed("backstage") || model.backstageImage.kind !== "platform") return [];
  const paths = backstageImageRecipe(model).files.map((f) => f.path);
  return paths.map((path) =>
    emit(() => {
      const file = backstageImageRecipe(model).files.find((f) => f.path === path)!;
      return {
        type: "text",
        comment: file.comment,
        path: `${OUTPUT_PATHS.backstageImage}/${file.path}`,
        origin: ["components", "backstage"],
        content: file.content,
      };
    }),
  );
};
