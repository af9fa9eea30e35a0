using System.Text;
using Injector.Admission;

namespace Injector.Tests.Admission;

public sealed class Utf8ValidationTests
{
    public static TheoryData<string, byte[], bool> Inputs() => new()
    {
        { "ascii", Encoding.UTF8.GetBytes("{\"a\":\"b\"}"), true },
        { "two, three and four byte characters", Encoding.UTF8.GetBytes("é€😀 mixed ü text 😀"), true },
        { "lone continuation byte", [0x61, 0x80, 0x61], false },
        { "truncated at end", [0x61, 0xE2, 0x82], false },
        { "overlong encoding", [0xC0, 0xAF], false },
        { "surrogate encoded", [0xED, 0xA0, 0x80], false },
        { "invalid lead 0xFF", [0x61, 0xFF], false },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Same_verdict_for_every_segmentation(string name, byte[] bytes, bool valid)
    {
        for (var chunk = 1; chunk <= bytes.Length + 1; chunk++)
        {
            Assert.True(valid == Utf8Validation.IsValid(AdmissionTestData.Chunked(bytes, chunk)), name + " chunk " + chunk);
        }
    }
}
