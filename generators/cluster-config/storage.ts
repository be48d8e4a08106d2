// The default block storage class the component values name: gp3 on EKS (which only ships gp2); AKS
// already has `managed-csi`.
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import { platformLabels, type ClusterContext } from "./context.ts";

export function buildStorageClass(ctx: ClusterContext): StorageClass | undefined {
  if (ctx.env.cloud.provider !== "aws") return undefined;
  return new StorageClass({
    metadata: {
      name: ctx.env.features.storageClass,
      labels: platformLabels(ctx.env),
      annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
    },
    provisioner: "ebs.csi.aws.com",
    parameters: { type: "gp3", encrypted: "true" },
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: true,
    reclaimPolicy: "Retain",
  });
}
