using System.Text;
using System.Text.Json.Nodes;
using Injector.Admission;

namespace Injector.Tests.Admission;

/// <summary>Every 400 reason of docs/bad-input.md, with the uid echoed whenever it could be read.</summary>
public sealed class AdmissionBadInputTests
{
    internal const string FixtureUid = "b72d548a-dd69-4669-b6d3-84e7487f22e1";

    public static TheoryData<string, byte[], string, string> BadBodies()
    {
        static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);
        static byte[] Edit(Action<JsonObject> edit) => AdmissionTestData.Edited(edit);
        var full = AdmissionTestData.PodCreate();
        return new TheoryData<string, byte[], string, string>
        {
            { "empty body", [], "empty_body", "" },
            { "not JSON", Text("hello"), "invalid_json", "" },
            { "truncated JSON", full.AsSpan(0, full.Length / 2).ToArray(), "invalid_json", "" },
            { "invalid UTF-8", [.. Text("{\"apiVersion\":\""), 0xC3, 0x28, .. Text("\"}")], "invalid_json", "" },
            { "trailing garbage", [.. full, .. Text("x")], "invalid_json", "" },
            { "too deep", Text(new string('[', 10_000) + new string(']', 10_000)), "invalid_json", "" },
            { "array root", Text("[]"), "not_object", "" },
            { "missing apiVersion", Edit(r => r.Remove("apiVersion")), "bad_api_version", FixtureUid },
            { "wrong apiVersion", Edit(r => r["apiVersion"] = "admission.k8s.io/v2"), "bad_api_version", FixtureUid },
            { "apiVersion number", Edit(r => r["apiVersion"] = 1), "bad_api_version", FixtureUid },
            { "wrong kind", Edit(r => r["kind"] = "Pod"), "bad_kind", FixtureUid },
            { "no request", Edit(r => r.Remove("request")), "missing_request", "" },
            { "request null", Edit(r => r["request"] = null), "missing_request", "" },
            { "request string", Edit(r => r["request"] = "x"), "missing_request", "" },
            { "no uid", Edit(r => r["request"]!.AsObject().Remove("uid")), "missing_uid", "" },
            { "uid number", Edit(r => r["request"]!["uid"] = 5), "missing_uid", "" },
            { "empty uid", Edit(r => r["request"]!["uid"] = ""), "missing_uid", "" },
            { "no request.kind", Edit(r => r["request"]!.AsObject().Remove("kind")), "missing_kind", FixtureUid },
            { "request.kind string", Edit(r => r["request"]!["kind"] = "Pod"), "missing_kind", FixtureUid },
            { "request.kind.kind number", Edit(r => r["request"]!["kind"]!["kind"] = 3), "missing_kind", FixtureUid },
            { "no operation", Edit(r => r["request"]!.AsObject().Remove("operation")), "missing_operation", FixtureUid },
            { "operation array", Edit(r => r["request"]!["operation"] = new JsonArray()), "missing_operation", FixtureUid },
            { "namespace number", Edit(r => r["request"]!["namespace"] = 1), "wrong_type", FixtureUid },
            { "dryRun string", Edit(r => r["request"]!["dryRun"] = "true"), "wrong_type", FixtureUid },
            { "object null", Edit(r => r["request"]!["object"] = null), "missing_object", FixtureUid },
            { "object missing", Edit(r => r["request"]!.AsObject().Remove("object")), "missing_object", FixtureUid },
            { "object string", Edit(r => r["request"]!["object"] = "pod"), "missing_object", FixtureUid },
        };
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public void Bad_body_gets_400_with_reason_and_uid_when_readable(string name, byte[] body, string reason, string uid)
    {
        var (result, review) = AdmissionTestData.Run(body);
        Assert.True(400 == result.StatusCode, name);
        Assert.Equal(AdmissionOutcome.Failed, result.Outcome);
        Assert.Equal(reason, result.Reason);
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1", uid);
        AdmissionResponseAssert.Refused(review, 400);
    }

    [Fact]
    public void Duplicate_keys_are_read_last_one_wins_like_the_api_server_decoder()
    {
        // The fixture with a second "uid" and a second "apiVersion" appended to their objects: a strict reader would
        // refuse, the API server's decoder keeps the last value; so do we.
        var text = Encoding.UTF8.GetString(AdmissionTestData.PodCreate());
        var body = "{\"apiVersion\":\"admission.k8s.io/v2\"," + text.TrimStart()[1..].TrimEnd()[..^1]
            + ",\"apiVersion\":\"admission.k8s.io/v1beta1\"}";
        body = body.Replace("\"uid\": \"" + FixtureUid + "\"", "\"uid\": \"first\", \"uid\": \"" + FixtureUid + "\"");
        Assert.Contains("\"first\"", body);

        var (result, review) = AdmissionTestData.Run(Encoding.UTF8.GetBytes(body));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(AdmissionOutcome.Injected, result.Outcome);
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1beta1", FixtureUid);
    }

    [Fact]
    public void Bad_v1beta1_body_is_answered_in_v1beta1()
    {
        var body = AdmissionTestData.Edited(r =>
        {
            r["apiVersion"] = "admission.k8s.io/v1beta1";
            r["request"]!["object"] = null;
        });
        var (result, review) = AdmissionTestData.Run(body);
        Assert.Equal(400, result.StatusCode);
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1beta1", FixtureUid);
    }
}
