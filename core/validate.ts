// Validation: shapes first (zod), then the rules between sections. Every problem is collected.
import type { FawkesConfig } from "../schema/config.ts";
import { checkChartFacts } from "./checks/chart-facts.ts";
import { declaredNames, type Check, type CheckInput } from "./checks/check-input.ts";
import { checkCloudAccounts } from "./checks/cloud-accounts.ts";
import { checkClaims } from "./checks/claims.ts";
import { checkCustomComponents } from "./checks/custom-components.ts";
import { checkDns } from "./checks/dns.ts";
import { checkHosts } from "./checks/hosts.ts";
import { checkImages } from "./checks/images.ts";
import { checkLabels } from "./checks/labels.ts";
import { checkNameLimits } from "./checks/name-limits.ts";
import { checkEnvironmentNetworks, checkNetworks } from "./checks/network.ts";
import {
  checkComponentReferences,
  checkEnvironmentReferences,
  checkPolicyReferences,
  checkServiceReferences,
  checkTeams,
} from "./checks/references.ts";
import { checkOverrides } from "./checks/overrides.ts";
import { checkReleases } from "./checks/releases.ts";
import { checkReservedNames } from "./checks/reserved-names.ts";
import { checkScheduling } from "./checks/scheduling.ts";
import { checkSecrets } from "./checks/secrets.ts";
import type { NetworkAllocations } from "./network-plan.ts";
import type { Problem } from "./problems.ts";
import { validateShape } from "./validate-shape.ts";

export const CHECKS: readonly Check[] = [
  checkReservedNames,
  checkEnvironmentReferences,
  checkTeams,
  checkServiceReferences,
  checkOverrides,
  checkComponentReferences,
  checkCustomComponents,
  checkClaims,
  checkPolicyReferences,
  checkNetworks,
  checkEnvironmentNetworks,
  checkHosts,
  checkDns,
  checkCloudAccounts,
  checkScheduling,
  checkLabels,
  checkNameLimits,
  checkImages,
  checkChartFacts,
  checkSecrets,
  checkReleases,
];

export interface ValidatedConfig {
  readonly config: FawkesConfig;
  readonly releases: Record<string, Record<string, string>>;
  /** Networks allocated by earlier runs. */
  readonly allocations: NetworkAllocations;
}

export type ValidationResult =
  | { readonly ok: true; readonly value: ValidatedConfig; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

export function validateConfig(
  raw: unknown,
  rawReleases: unknown,
  allocations: NetworkAllocations = {},
): ValidationResult {
  const shape = validateShape(raw, rawReleases);
  const input: CheckInput = {
    config: shape.sections,
    releases: shape.releases,
    raw,
    declared: declaredNames(raw),
    allocations,
  };
  const problems = [...shape.problems, ...CHECKS.flatMap((check) => check(input))];
  const errors = problems.filter((p) => p.severity !== "warning");
  if (errors.length > 0 || !shape.releases) return { ok: false, problems };
  return {
    ok: true,
    value: { config: shape.sections as FawkesConfig, releases: shape.releases, allocations },
    problems,
  };
}
