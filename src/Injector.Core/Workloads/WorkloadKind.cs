namespace Injector.Workloads;

/// <summary>The resources kube-inject knows how to inject: each holds one pod template.</summary>
internal enum WorkloadKind
{
    None,
    Pod,
    Deployment,
    ReplicaSet,
    ReplicationController,
    DaemonSet,
    StatefulSet,
    Job,
    CronJob,
    DeploymentConfig,
}
