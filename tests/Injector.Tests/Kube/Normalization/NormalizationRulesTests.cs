using System.Text;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Normalization;
using Injector.Kube.Schema;

namespace Injector.Tests.Kube.Normalization;

/// <summary>The rules Go's round trip applies that the oracle file cannot show (types with their own JSON methods,
/// times, limits, trees built in memory).</summary>
public sealed class NormalizationRulesTests
{
    private static string Normalize(string json) => Encoding.UTF8.GetString(GoJson.Serialize(PodNormalizer.Normalize(JsonNode.Parse(json))));

    private static string Error(string json) => Assert.Throws<KubeDecodeException>(() => PodNormalizer.Normalize(JsonNode.Parse(json))).Message;

    private static string Spec(string spec) => Normalize($$"""{"spec":{{spec}}}""");

    /// <summary>Expected answers printed by Go 1.19's <c>time.Parse(time.RFC3339, s)</c> (UTC RFC 3339, ZERO for the
    /// zero time, or the error), except the two zone ranges that Go 1.20 started to check (its format.go).</summary>
    [Theory]
    [InlineData("2024-01-02T03:04:05Z", "OK 2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05.123456789Z", "OK 2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05.9999999999Z", "OK 2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05,5Z", "OK 2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05+01:30", "OK 2024-01-02T01:34:05Z")]
    [InlineData("2024-01-02T03:04:05-07:00", "OK 2024-01-02T10:04:05Z")]
    [InlineData("2024-01-02T3:04:05Z", "OK 2024-01-02T03:04:05Z")]
    [InlineData("2024-02-29T00:00:00Z", "OK 2024-02-29T00:00:00Z")]
    [InlineData("2023-02-29T00:00:00Z", "ERR parsing time \"2023-02-29T00:00:00Z\": day out of range")]
    [InlineData("2024-13-01T00:00:00Z", "ERR parsing time \"2024-13-01T00:00:00Z\": month out of range")]
    [InlineData("2024-00-01T00:00:00Z", "ERR parsing time \"2024-00-01T00:00:00Z\": month out of range")]
    [InlineData("2024-01-32T00:00:00Z", "ERR parsing time \"2024-01-32T00:00:00Z\": day out of range")]
    [InlineData("2024-01-00T00:00:00Z", "ERR parsing time \"2024-01-00T00:00:00Z\": day out of range")]
    [InlineData("2024-01-02T24:00:00Z", "ERR parsing time \"2024-01-02T24:00:00Z\": hour out of range")]
    [InlineData("2024-01-02T23:60:00Z", "ERR parsing time \"2024-01-02T23:60:00Z\": minute out of range")]
    [InlineData("2024-01-02T23:59:60Z", "ERR parsing time \"2024-01-02T23:59:60Z\": second out of range")]
    [InlineData("2024-01-02T03:04:05", "ERR parsing time \"2024-01-02T03:04:05\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"Z07:00\"")]
    [InlineData("2024-01-02T03:04:05Zjunk", "ERR parsing time \"2024-01-02T03:04:05Zjunk\": extra text: \"junk\"")]
    [InlineData("2024-01-02 03:04:05Z", "ERR parsing time \"2024-01-02 03:04:05Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \" 03:04:05Z\" as \"T\"")]
    [InlineData("2024-01-02t03:04:05Z", "ERR parsing time \"2024-01-02t03:04:05Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"t03:04:05Z\" as \"T\"")]
    [InlineData("2024-01-02T03:04:05z", "ERR parsing time \"2024-01-02T03:04:05z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"z\" as \"Z07:00\"")]
    [InlineData("24-01-02T03:04:05Z", "ERR parsing time \"24-01-02T03:04:05Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"1-02T03:04:05Z\" as \"2006\"")]
    [InlineData("2a24-01-02T03:04:05Z", "ERR parsing time \"2a24-01-02T03:04:05Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"-01-02T03:04:05Z\" as \"2006\"")]
    [InlineData("2024-1-02T03:04:05Z", "ERR parsing time \"2024-1-02T03:04:05Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"1-02T03:04:05Z\" as \"01\"")]
    [InlineData("2024-01-02T03:04:05+24:00", "OK 2024-01-01T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05+25:00", "ERR parsing time \"2024-01-02T03:04:05+25:00\": time zone offset hour out of range")] // Go 1.20+ range check (Go 1.19 accepted it)
    [InlineData("2024-01-02T03:04:05+01:60", "OK 2024-01-02T01:04:05Z")]
    [InlineData("2024-01-02T03:04:05+01:61", "ERR parsing time \"2024-01-02T03:04:05+01:61\": time zone offset minute out of range")] // Go 1.20+ range check (Go 1.19 accepted it)
    [InlineData("2024-01-02T03:04:05*01:00", "ERR parsing time \"2024-01-02T03:04:05*01:00\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"Z07:00\"")]
    [InlineData("2024-01-02T03:04:05+0100", "ERR parsing time \"2024-01-02T03:04:05+0100\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"+0100\" as \"Z07:00\"")]
    [InlineData("2024-01-02T03:04:05+01:0a", "ERR parsing time \"2024-01-02T03:04:05+01:0a\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"Z07:00\"")]
    [InlineData("0001-01-01T00:00:00Z", "ZERO")]
    [InlineData("0001-01-01T01:00:00+01:00", "ZERO")]
    [InlineData("0001-01-01T00:00:00.5Z", "OK 0001-01-01T00:00:00Z")]
    [InlineData("0000-01-01T00:00:00Z", "OK 0000-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59-01:00", "OK 10000-01-01T00:59:59Z")]
    [InlineData("abc", "ERR parsing time \"abc\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"abc\" as \"2006\"")]
    [InlineData("", "ERR parsing time \"\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"2006\"")]
    [InlineData("2024-01-02T03:04:05.Z", "ERR parsing time \"2024-01-02T03:04:05.Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \".Z\" as \"Z07:00\"")]
    [InlineData("é", "ERR parsing time \"\\xc3\\xa9\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\\xc3\\xa9\" as \"2006\"")]
    public void Times_parse_as_go_parses_rfc3339(string input, string expected)
    {
        var actual = GoTimeParser.TryParse(input, out var time, out var error)
            ? time.IsZero ? "ZERO" : "OK " + time.FormatRfc3339()
            : "ERR " + error;
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Times_in_a_pod_are_written_in_utc_and_the_zero_time_is_dropped_or_null()
    {
        Assert.Equal("""{"metadata":{"creationTimestamp":"2024-01-02T02:04:05Z"},"spec":{"containers":null},"status":{}}""",
            Normalize("""{"metadata":{"creationTimestamp":"2024-01-02T03:04:05.5+01:00"}}"""));
        // creationTimestamp is a metav1.Time with omitzero: the zero time is left out.
        Assert.Equal("""{"metadata":{},"spec":{"containers":null},"status":{}}""", Normalize("""{"metadata":{"creationTimestamp":null}}"""));
        Assert.Equal("""{"metadata":{},"spec":{"containers":null},"status":{}}""", Normalize("""{"metadata":{"creationTimestamp":"0001-01-01T00:00:00Z"}}"""));
        // deletionTimestamp is a pointer: a non-nil pointer to the zero time is kept and written as null.
        Assert.Equal("""{"metadata":{"deletionTimestamp":null},"spec":{"containers":null},"status":{}}""", Normalize("""{"metadata":{"deletionTimestamp":"0001-01-01T00:00:00Z"}}"""));
        Assert.Equal("""{"metadata":{},"spec":{"containers":null},"status":{}}""", Normalize("""{"metadata":{"deletionTimestamp":null}}"""));
        // A struct Time without omitzero is always written (null when zero).
        Assert.Equal("""{"metadata":{},"spec":{"containers":null},"status":{"conditions":[{"type":"Ready","status":"True","lastProbeTime":null,"lastTransitionTime":"2024-01-02T03:04:05Z"}]}}""",
            Normalize("""{"status":{"conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2024-01-02T03:04:05Z"}]}}"""));
    }

    [Fact]
    public void Bad_times_end_decoding_with_gos_message()
    {
        Assert.Equal("json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string",
            Error("""{"metadata":{"creationTimestamp":5}}"""));
        Assert.Equal("json: cannot unmarshal object into Go struct field ObjectMeta.metadata.deletionTimestamp of type string",
            Error("""{"metadata":{"deletionTimestamp":{}}}"""));
        Assert.Equal("parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"",
            Error("""{"metadata":{"creationTimestamp":"yesterday"}}"""));
    }

    [Fact]
    public void Quantities_take_their_canonical_text_from_strings_and_bare_numbers()
    {
        var pod = Spec("""{"containers":[{"name":"a","resources":{"limits":{"memory":"1000Mi","cpu":0.5,"x":null},"requests":{"cpu":"100m","memory":" 1Gi ","e":1e3}}}]}""");
        Assert.Contains("""
            "resources":{"limits":{"cpu":"500m","memory":"1000Mi","x":"0"},"requests":{"cpu":"100m","e":"1e3","memory":"1Gi"}}
            """, pod, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quantity_that_does_not_parse_ends_decoding_even_after_a_type_error()
    {
        const string FormatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
        Assert.Equal(FormatWrong, Error("""{"spec":{"containers":[{"resources":{"limits":{"cpu":"lots"}}}]}}"""));
        Assert.Equal(FormatWrong, Error("""{"spec":{"containers":[{"resources":{"limits":{"cpu":true}}}]}}"""));
        Assert.Equal(FormatWrong, Error("""{"spec":{"containers":[{"resources":{"limits":{"cpu":{"a":1}}}}]}}"""));
        // The custom method sees the raw text: an escaped digit is not a digit.
        Assert.Equal(FormatWrong, Error("""{"spec":{"containers":[{"resources":{"limits":{"cpu":"\u0031"}}}]}}"""));
        // An earlier wrong type is remembered, but the quantity's own error still wins (it stops decoding).
        Assert.Equal(FormatWrong, Error("""{"spec":{"hostNetwork":"yes","containers":[{"resources":{"limits":{"cpu":"x"}}}]}}"""));
        Assert.Equal("unable to parse quantity's suffix", Error("""{"spec":{"containers":[{"resources":{"requests":{"memory":"1mi"}}}]}}"""));
    }

    [Fact]
    public void Int_or_string_takes_either_and_reports_go_errors_with_the_field()
    {
        Assert.Contains("\"httpGet\":{\"port\":\"http\"}", Spec("""{"containers":[{"name":"a","readinessProbe":{"httpGet":{"port":"http"}}}]}"""), StringComparison.Ordinal);
        Assert.Contains("\"httpGet\":{\"port\":8080}", Spec("""{"containers":[{"name":"a","readinessProbe":{"httpGet":{"port":8080}}}]}"""), StringComparison.Ordinal);
        Assert.Contains("\"tcpSocket\":{\"port\":0}", Spec("""{"containers":[{"name":"a","readinessProbe":{"tcpSocket":{"port":null}}}]}"""), StringComparison.Ordinal);
        Assert.Equal("json: cannot unmarshal number 1.5 into Go struct field HTTPGetAction.spec.containers.readinessProbe.httpGet.port of type int32",
            Error("""{"spec":{"containers":[{"readinessProbe":{"httpGet":{"port":1.5}}}]}}"""));
        Assert.Equal("json: cannot unmarshal bool into Go struct field TCPSocketAction.spec.containers.livenessProbe.tcpSocket.port of type int32",
            Error("""{"spec":{"containers":[{"livenessProbe":{"tcpSocket":{"port":true}}}]}}"""));
        Assert.Equal("json: cannot unmarshal object into Go struct field HTTPGetAction.spec.containers.readinessProbe.httpGet.port of type int32",
            Error("""{"spec":{"containers":[{"readinessProbe":{"httpGet":{"port":{}}}}]}}"""));
        Assert.Equal("json: cannot unmarshal number 4294967296 into Go struct field HTTPGetAction.spec.containers.readinessProbe.httpGet.port of type int32",
            Error("""{"spec":{"containers":[{"readinessProbe":{"httpGet":{"port":4294967296}}}]}}"""));
    }

    [Fact]
    public void Managed_fields_keep_their_raw_json()
    {
        var pod = Normalize("""{"metadata":{"managedFields":[{"manager":"m","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}}},"time":"2024-01-02T03:04:05Z"},{"manager":"n","fieldsV1":null}]}}""");
        Assert.Equal("""{"metadata":{"managedFields":[{"manager":"m","time":"2024-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}},{"manager":"n"}]},"spec":{"containers":null},"status":{}}""", pod);
    }

    [Fact]
    public void Values_built_in_memory_read_like_their_json_text()
    {
        // YAML readers build doubles and longs; Go reads the JSON text they stand for.
        var pod = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "a",
                    ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80.0 }),
                    ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = 0.25, ["memory"] = 1073741824L } },
                }),
            },
        };
        var text = Encoding.UTF8.GetString(GoJson.Serialize(PodNormalizer.Normalize(pod)));
        Assert.Contains("\"ports\":[{\"containerPort\":80}]", text, StringComparison.Ordinal);
        Assert.Contains("\"limits\":{\"cpu\":\"250m\",\"memory\":\"1073741824\"}", text, StringComparison.Ordinal);
        pod["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"] = 80.5;
        Assert.Equal("json: cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
            Assert.Throws<KubeDecodeException>(() => PodNormalizer.Normalize(pod)).Message);
    }

    [Fact]
    public void Empty_lists_and_maps_go_unless_the_field_has_no_omitempty()
    {
        Assert.Equal("""{"metadata":{},"spec":{"containers":[{"name":"a","resources":{}}]},"status":{}}""",
            Spec("""{"containers":[{"name":"a","command":[],"args":null,"env":[]}],"volumes":[],"nodeSelector":{}}"""));
    }

    [Fact]
    public void Other_types_normalize_on_their_own()
    {
        var container = PodNormalizer.Normalize(JsonNode.Parse("""{"Image":"i","name":"c","ports":[{"containerPort":1}],"x":1}"""), KubeSchema.Container);
        Assert.Equal("""{"name":"c","image":"i","ports":[{"containerPort":1}],"resources":{}}""", Encoding.UTF8.GetString(GoJson.Serialize(container)));
        Assert.True(KubeSchema.TryGetType("[]core.Volume", out var volumes));
        var list = PodNormalizer.Normalize(JsonNode.Parse("""[{"name":"v","emptyDir":{"sizeLimit":"1.5Gi"}}]"""), volumes);
        Assert.Equal("""[{"name":"v","emptyDir":{"sizeLimit":"1536Mi"}}]""", Encoding.UTF8.GetString(GoJson.Serialize(list)));
        Assert.Equal("json: cannot unmarshal string into Go value of type []v1.Volume",
            Assert.Throws<KubeDecodeException>(() => PodNormalizer.Normalize(JsonValue.Create("x"), volumes)).Message);
    }

    [Fact]
    public void Limits_are_checked_before_any_work()
    {
        JsonNode deep = new JsonObject();
        for (var i = 0; i < 70; i++) deep = new JsonObject { ["spec"] = deep };
        Assert.Equal("the object nests deeper than 64 levels", Assert.Throws<KubeDecodeException>(() => PodNormalizer.Normalize(deep)).Message);

        var wide = new JsonArray();
        for (var i = 0; i < 2000; i++) wide.Add(i);
        var pod = new JsonObject { ["unknown"] = wide };
        Assert.Equal("the object has more than 1000 JSON values",
            Assert.Throws<KubeDecodeException>(() => PodNormalizer.Normalize(pod, new KubeLimits(MaxNodes: 1000))).Message);
        Assert.NotNull(PodNormalizer.Normalize(pod, new KubeLimits(MaxNodes: 3000)));
    }

    [Fact]
    public void Try_normalize_reports_instead_of_throwing()
    {
        Assert.False(PodNormalizer.TryNormalize(JsonNode.Parse("""{"spec":5}"""), out var pod, out var error));
        Assert.Null(pod);
        Assert.Equal("json: cannot unmarshal number into Go struct field Pod.spec of type v1.PodSpec", error);
        Assert.True(PodNormalizer.TryNormalize(JsonNode.Parse("{}"), out pod, out error));
        Assert.Null(error);
        Assert.NotNull(pod);
    }

    [Fact]
    public void Managed_fields_can_be_dropped_after_reading_as_istio_does()
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"a","managedFields":[{"manager":"m","fieldsV1":{"f:x":{}}}]}}""");
        Assert.Equal("""{"metadata":{"name":"a"},"spec":{"containers":null},"status":{}}""",
            Encoding.UTF8.GetString(GoJson.Serialize(PodNormalizer.NormalizeWithoutManagedFields(pod))));
        // They are still read, so a wrong type in them still fails, as in Go.
        Assert.Equal("json: cannot unmarshal number into Go struct field ManagedFieldsEntry.metadata.managedFields.manager of type string",
            Assert.Throws<KubeDecodeException>(() => PodNormalizer.NormalizeWithoutManagedFields(JsonNode.Parse("""{"metadata":{"managedFields":[{"manager":1}]}}"""))).Message);
        // The input is not changed.
        Assert.NotNull(pod!["metadata"]!["managedFields"]);
    }
}
