// Names valid for Kubernetes can still be too long for the cloud or a tool that derives a name from them.
// Every derived name is checked against its consumer's limit before anything is generated, and the error
// points at the config entry whose name is too long.
import { workloadIdentityName } from "../names.ts";
import { problem, type Problem } from "../problems.ts";
import { servicePerEnvironment } from "../service-overrides.ts";
import type { CheckInput } from "./check-input.ts";

/** Limits of the names Fawkes derives, with where each limit comes from. */
export const NAME_LIMITS = {
  /** AWS IAM: a role name is at most 64 characters (IAM and STS quotas). */
  awsIamRole: 64,
  /** Azure: a user-assigned managed identity name is 3-128 characters (Microsoft.ManagedIdentity naming rules). */
  azureIdentity: 128,
  /** Azure: an AKS cluster (managedClusters) name is at most 63 characters. */
  aksCluster: 63,
  /** AWS: an EKS cluster name is at most 100 characters. */
  eksCluster: 100,
  /** Helm: a release name is at most 53 characters (the chart's names append suffixes). */
  helmRelease: 53,
  /** Kubernetes: a CronJob name is at most 52 characters (its Jobs append 11). */
  cronJob: 52,
} as const;

/** The component identities Terraform creates per environment besides the services'. */
const PLATFORM_IDENTITIES = ["external-secrets", "cert-manager", "external-dns", "ebs-csi"];

export function checkNameLimits({ config }: CheckInput): Problem[] {
  const { platform, environments, clouds, services } = config;
  if (!platform || !environments || !clouds) return [];
  const problems: Problem[] = [];
  const envNames = Object.keys(environments);
  const tooLong = (path: (string | number)[], what: string, derived: string, limit: number, hint: string) =>
    problems.push({
      ...problem(
        "name-too-long",
        path,
        `${what} "${derived}" is ${derived.length} characters; the limit is ${limit}`,
        hint,
      ),
      target: "key",
    });

  for (const [env, environment] of Object.entries(environments)) {
    const provider = clouds[environment.cloud]?.provider;
    if (!provider) continue;
    const cluster = `${platform.name}-${env}`;
    const clusterLimit = provider === "aws" ? NAME_LIMITS.eksCluster : NAME_LIMITS.aksCluster;
    if (cluster.length > clusterLimit)
      tooLong(
        ["environments", env],
        `the ${provider === "aws" ? "EKS" : "AKS"} cluster name`,
        cluster,
        clusterLimit,
        "shorten the environment or platform name",
      );
    if (provider === "aws") {
      for (const identity of PLATFORM_IDENTITIES) {
        const role = workloadIdentityName(platform.name, env, identity);
        if (role.length > NAME_LIMITS.awsIamRole)
          tooLong(
            ["environments", env],
            "the IAM role name",
            role,
            NAME_LIMITS.awsIamRole,
            "shorten the environment or platform name",
          );
      }
    }
  }

  for (const [name, service] of Object.entries(services ?? {})) {
    if (service.type === "cronjob" && name.length > NAME_LIMITS.cronJob) {
      tooLong(["services", name], "the CronJob name", name, NAME_LIMITS.cronJob, "shorten the service name");
    }
    if (service.chart && name.length > NAME_LIMITS.helmRelease) {
      tooLong(["services", name], "the Helm release name", name, NAME_LIMITS.helmRelease, "shorten the service name");
    }
    // An identity exists where the service, with the environment's overrides, declares cloud access.
    const withAccess = servicePerEnvironment(name, service, envNames).filter((view) => view.service.cloudAccess);
    for (const { environment: env } of withAccess) {
      const provider = clouds[environments[env]?.cloud ?? ""]?.provider;
      const identity = workloadIdentityName(platform.name, env, name);
      const limit = provider === "aws" ? NAME_LIMITS.awsIamRole : NAME_LIMITS.azureIdentity;
      if (provider && identity.length > limit) {
        tooLong(
          ["services", name],
          provider === "aws" ? "its IAM role name" : "its managed identity name",
          identity,
          limit,
          "shorten the service name (or the environment's)",
        );
        break;
      }
    }
  }
  return problems;
}
