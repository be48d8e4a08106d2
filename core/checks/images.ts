// Images come only from allowed registries.
import { serviceImage } from "../names.ts";
import { problem, type Problem } from "../problems.ts";
import type { CheckInput } from "./check-input.ts";

export function isAllowedImage(image: string, registries: readonly string[]): boolean {
  return registries.some(
    (registry) => image === registry || image.startsWith(registry.endsWith("/") ? registry : `${registry}/`),
  );
}

export function checkImages({ config }: CheckInput): Problem[] {
  const { services, platform, policies } = config;
  if (!services || !platform || !policies) return [];
  const allowed = [platform.registry, ...policies.allowedRegistries];
  return Object.entries(services)
    .filter(([, service]) => !service.chart)
    .flatMap(([name, service]) => {
      const image = serviceImage(name, service, platform.registry);
      return isAllowedImage(image, allowed)
        ? []
        : [
            problem(
              "registry-not-allowed",
              ["services", name, "image"],
              `${image} is not from an allowed registry`,
              `allowed: ${allowed.join(", ")}; add its registry to policies.allowedRegistries`,
            ),
          ];
    });
}
