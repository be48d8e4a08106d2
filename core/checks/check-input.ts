import type { FawkesConfig } from "../../schema/config.ts";
import type { ReleasesConfig } from "../../schema/releases.ts";
import type { NetworkAllocations } from "../network-plan.ts";
import type { Problem } from "../problems.ts";

/** What a cross-reference check sees: the sections that passed shape validation. */
export interface CheckInput {
  readonly config: Partial<FawkesConfig>;
  readonly releases: Record<string, Record<string, string>> | undefined;
  /** The config as written (before defaults), for scans of every value. */
  readonly raw: unknown;
  /** Every name declared per section, including entries whose shape is invalid (so they are not "unknown"). */
  readonly declared: DeclaredNames;
  /** Networks allocated by earlier runs (`.fawkes/allocations.json`). */
  readonly allocations: NetworkAllocations;
}

export interface DeclaredNames {
  readonly clouds: readonly string[];
  readonly environments: readonly string[];
  readonly teams: readonly string[];
  readonly services: readonly string[];
}

export function declaredNames(raw: unknown): DeclaredNames {
  const keys = (section: string): string[] => {
    const value = (raw as Record<string, unknown> | null)?.[section];
    return value !== null && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : [];
  };
  return {
    clouds: keys("clouds"),
    environments: keys("environments"),
    teams: keys("teams"),
    services: keys("services"),
  };
}

export type Check = (input: CheckInput) => Problem[];

export type { ReleasesConfig };
