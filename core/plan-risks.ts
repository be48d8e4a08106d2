// The risk tags of a plan, in a module of their own so the CLI can validate `--fail-on` without loading the plan.

export const RISKS = ["prod", "prune", "destroy", "policy-relaxed", "rbac", "patched"] as const;
export type Risk = (typeof RISKS)[number];
