// IAM policy ARNs per cloud account (core/checks/cloud-accounts.ts): parsing, AWS-managed policies, Azure skipped.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { CheckInput } from "../core/checks/check-input.ts";
import { checkCloudAccounts, parseArn } from "../core/checks/cloud-accounts.ts";

test("ARNs parse into partition, service, account and resource", () => {
  const cases: [string, ReturnType<typeof parseArn>][] = [
    [
      "arn:aws:iam::123456789012:policy/x",
      { partition: "aws", service: "iam", account: "123456789012", resource: "policy/x" },
    ],
    [
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
      { partition: "aws", service: "iam", account: "aws", resource: "policy/ReadOnlyAccess" },
    ],
    [
      "arn:aws-us-gov:iam::123456789012:policy/y",
      { partition: "aws-us-gov", service: "iam", account: "123456789012", resource: "policy/y" },
    ],
    ["arn:aws:s3:::bucket", { partition: "aws", service: "s3", account: "", resource: "bucket" }],
    ["arn:aws:iam::12345:policy/short-account", undefined],
    ["not-an-arn", undefined],
  ];
  for (const [text, want] of cases) assert.equal(parseArn(text), want, text);
});

function input(arns: string[], cloud: "aws" | "azure"): CheckInput {
  const clouds = {
    a: cloud === "aws" ? { provider: "aws", accountId: "111111111111" } : { provider: "azure" },
  };
  return {
    config: {
      clouds,
      environments: { prod: { cloud: "a" } },
      services: { svc: { cloudAccess: { awsPolicyArns: arns } } },
    } as unknown as CheckInput["config"],
    releases: undefined,
    raw: {},
    declared: { clouds: ["a"], environments: ["prod"], teams: [], services: ["svc"] },
    allocations: {} as CheckInput["allocations"],
  };
}

test("AWS-managed policies and the cloud's own account pass; another account fails; Azure is not checked", () => {
  assert.equal(
    checkCloudAccounts(input(["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::111111111111:policy/p"], "aws")),
    [],
  );
  const wrong = checkCloudAccounts(input(["arn:aws:iam::222222222222:policy/p"], "aws"));
  assert.equal(
    wrong.map((p) => [p.code, p.path.join(".")]),
    [["wrong-account", "services.svc.cloudAccess.awsPolicyArns.0"]],
  );
  assert.match(wrong[0]!.hint!, /account 111111111111/);
  assert.equal(checkCloudAccounts(input(["arn:aws:iam::222222222222:policy/p"], "azure")), []);
});

test.run();
