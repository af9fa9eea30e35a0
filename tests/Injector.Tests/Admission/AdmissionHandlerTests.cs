using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Admission;

namespace Injector.Tests.Admission;

public sealed class AdmissionHandlerTests
{
    public static TheoryData<string> ApiServerFixtures() => new(AdmissionTestData.ApiServerFixtureNames());

    [Theory]
    [MemberData(nameof(ApiServerFixtures))]
    public void Real_apiserver_request_gets_a_well_formed_answer_in_its_own_version(string fixture)
    {
        var body = AdmissionTestData.ApiServerFixture(fixture);
        using var request = JsonDocument.Parse(body);
        var apiVersion = request.RootElement.GetProperty("apiVersion").GetString()!;
        var uid = request.RootElement.GetProperty("request").GetProperty("uid").GetString()!;

        var (result, review) = AdmissionTestData.Run(body);

        Assert.Equal(200, result.StatusCode);
        AdmissionResponseAssert.Envelope(review, apiVersion, uid);
        Assert.Equal("default", result.Revision);
        switch (result.Outcome)
        {
            case AdmissionOutcome.Injected:
                AdmissionResponseAssert.PatchApplies(review, request.RootElement.GetProperty("request").GetProperty("object"));
                break;
            case AdmissionOutcome.Skipped:
                AdmissionResponseAssert.AllowedWithoutPatch(review);
                Assert.False(string.IsNullOrEmpty(result.Reason));
                break;
            default:
                AdmissionResponseAssert.Refused(review, 403);
                break;
        }
    }

    [Fact]
    public void V1beta1_request_is_answered_as_v1beta1()
    {
        var (_, review) = AdmissionTestData.Run(AdmissionTestData.ApiServerFixture("v1beta1.json"));
        Assert.Equal("admission.k8s.io/v1beta1", review.GetProperty("apiVersion").GetString());
    }

    [Fact]
    public void Multi_segment_body_gives_the_same_answer_as_a_contiguous_one()
    {
        var body = AdmissionTestData.ApiServerFixture("hello-probes.json");
        var (contiguousResult, contiguous) = AdmissionTestData.Run(body);
        var (chunkedResult, chunked) = AdmissionTestData.Run(AdmissionTestData.Chunked(body, 7));
        Assert.Equal(contiguousResult.Outcome, chunkedResult.Outcome);
        Assert.Equal(contiguous.GetRawText(), chunked.GetRawText());
    }

    [Fact]
    public void Dry_run_request_is_handled_like_any_other()
    {
        var (result, review) = AdmissionTestData.Run(AdmissionTestData.ApiServerFixture("dry-run.json"));
        Assert.True(result.DryRun);
        Assert.Equal(200, result.StatusCode);
        Assert.True(review.GetProperty("response").GetProperty("allowed").GetBoolean());
    }

    [Theory]
    [InlineData("Service", "CREATE", AdmissionHandler.ReasonNotPod)]
    [InlineData("Pod", "UPDATE", AdmissionHandler.ReasonNotCreate)]
    [InlineData("Pod", "DELETE", AdmissionHandler.ReasonNotCreate)]
    [InlineData("Pod", "CONNECT", AdmissionHandler.ReasonNotCreate)]
    public void Anything_but_a_pod_create_is_allowed_without_a_patch(string kind, string operation, string reason)
    {
        var body = AdmissionTestData.Edited(root =>
        {
            var request = root["request"]!.AsObject();
            request["kind"]!["kind"] = kind;
            request["operation"] = operation;
            if (operation == "DELETE") request["object"] = null;
        });
        var (result, review) = AdmissionTestData.Run(body);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(AdmissionOutcome.Skipped, result.Outcome);
        Assert.Equal(reason, result.Reason);
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1", "b72d548a-dd69-4669-b6d3-84e7487f22e1");
        AdmissionResponseAssert.AllowedWithoutPatch(review);
    }

    [Fact]
    public void Pod_in_another_api_group_is_not_a_pod()
    {
        var body = AdmissionTestData.Edited(root => root["request"]!["kind"]!["group"] = "example.com");
        var (result, _) = AdmissionTestData.Run(body);
        Assert.Equal(AdmissionHandler.ReasonNotPod, result.Reason);
    }

    [Fact]
    public void Unknown_revision_in_the_route_is_refused_with_a_clear_message()
    {
        var (result, review) = AdmissionTestData.Run(AdmissionTestData.PodCreate(), new AdmissionRoute(revision: "nope"));
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(AdmissionOutcome.Denied, result.Outcome);
        Assert.Equal(AdmissionHandler.ReasonUnknownRevision, result.Reason);
        Assert.Equal(AdmissionRoute.UnknownRevisionLabel, result.Revision);
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1", "b72d548a-dd69-4669-b6d3-84e7487f22e1");
        AdmissionResponseAssert.Refused(review, 404);
        Assert.Contains("nope", review.GetProperty("response").GetProperty("status").GetProperty("message").GetString());
    }

    [Fact]
    public void Known_revision_in_the_route_is_served()
    {
        var (result, _) = AdmissionTestData.Run(AdmissionTestData.PodCreate(), new AdmissionRoute(revision: "default", clusterId: "c1", network: "n1"));
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("default", result.Revision);
        Assert.NotEqual(AdmissionOutcome.Failed, result.Outcome);
    }
}
