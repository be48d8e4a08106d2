// The admission model (core/policy) as Kyverno objects: ValidatingPolicies (policies.kyverno.io/v1) and
// PolicyExceptions, each checked against its schema.
import { CustomObject } from "../../core/custom-object.ts";
import type { ActivePolicy, ExceptionSpec } from "../../core/policy/admission.ts";
import {
  policyExceptionSchema,
  validatingPolicySchema,
  type PolicyException,
  type ValidatingPolicy,
} from "../../schema/outputs/kyverno.ts";

export function policyObjects(active: readonly ActivePolicy[]): CustomObject<ValidatingPolicy>[] {
  return active.map(({ policy }) => new CustomObject(validatingPolicySchema, policy));
}

export function exceptionObjects(specs: readonly ExceptionSpec[]): CustomObject<PolicyException>[] {
  return specs.map((s) => new CustomObject(policyExceptionSchema, s.exception));
}
