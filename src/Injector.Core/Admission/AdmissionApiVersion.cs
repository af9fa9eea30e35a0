namespace Injector.Admission;

/// <summary>The AdmissionReview versions kube-apiserver may send; the answer uses the request's version.</summary>
public enum AdmissionApiVersion
{
    V1,
    V1Beta1,
}
