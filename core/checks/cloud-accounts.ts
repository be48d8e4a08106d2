// Identities per cloud account: an IAM policy a service's role is given must live in the AWS account of every
// cluster the service runs in (or be AWS-managed). Terraform would attach a policy of another account and fail
// at apply time (IAM refuses it), or, worse, the config points prod's role at a dev account's policy.
import { problem, type Problem } from "../problems.ts";
import { checkViews, serviceViews } from "../service-overrides.ts";
import type { CheckInput } from "./check-input.ts";

/** arn:partition:service:region:account:resource (IAM has no region). */
const ARN = /^arn:(aws(?:-[a-z]+)*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|):(.+)$/;

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly account: string;
  readonly resource: string;
}

/** The parts of an AWS ARN, or undefined when it is not one. */
export function parseArn(text: string): ParsedArn | undefined {
  const m = ARN.exec(text);
  return m ? { partition: m[1]!, service: m[2]!, account: m[4]!, resource: m[5]! } : undefined;
}

/** An AWS-managed policy (`arn:aws:iam::aws:policy/...`): the same in every account. */
const awsManaged = (arn: ParsedArn): boolean =>
  arn.service === "iam" && arn.account === "aws" && arn.resource.startsWith("policy/");

export function checkCloudAccounts({ config, declared }: CheckInput): Problem[] {
  const { services, environments, clouds } = config;
  if (!services || !environments || !clouds) return [];
  /** The AWS account of an environment's cloud; undefined on Azure or an unknown cloud. */
  const accountOf = (env: string): string | undefined => {
    const cloud = clouds[environments[env]?.cloud ?? ""];
    return cloud?.provider === "aws" ? cloud.accountId : undefined;
  };
  const problems: Problem[] = [];
  for (const [name, service] of Object.entries(services))
    problems.push(
      ...checkViews(serviceViews(name, service, declared.environments), ({ service: view, at, runsIn }) =>
        (view.cloudAccess?.awsPolicyArns ?? []).flatMap((text, i) => {
          const path = at("cloudAccess", "awsPolicyArns", i);
          const arn = parseArn(text);
          if (!arn || arn.service !== "iam" || !arn.resource.startsWith("policy/"))
            return [
              problem(
                "invalid-arn",
                path,
                `"${text}" is not an IAM policy ARN`,
                "write arn:aws:iam::<account id>:policy/<name>, or arn:aws:iam::aws:policy/<name> for an AWS-managed policy",
              ),
            ];
          if (awsManaged(arn)) return [];
          const wrong = runsIn("cloudAccess")
            .map((env) => ({ env, account: accountOf(env) }))
            .filter((e): e is { env: string; account: string } => e.account !== undefined && e.account !== arn.account);
          if (wrong.length === 0) return [];
          const accounts = [...new Set(wrong.map((w) => w.account))];
          return [
            problem(
              "wrong-account",
              path,
              `${text} is in account ${arn.account}, but the service runs in ${wrong
                .map((w) => `${w.env} (cloud ${environments[w.env]!.cloud}, account ${w.account})`)
                .join(", ")}: IAM cannot attach another account's policy to its role`,
              accounts.length === 1
                ? `use the policy of account ${accounts[0]} (arn:aws:iam::${accounts[0]}:policy/…), or give each environment its own in services.${name}.overrides.<environment>.cloudAccess`
                : `give each environment the policy of its own account (${wrong.map((w) => `${w.env}: ${w.account}`).join(", ")}) in services.${name}.overrides.<environment>.cloudAccess`,
            ),
          ];
        }),
      ),
    );
  return problems;
}
