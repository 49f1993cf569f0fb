using Porch.Krm;

namespace Porch.Krm.Tests.Krm;

public sealed class KrmYamlFormatTests
{
    public static TheoryData<string> PkgIds()
    {
        var data = new TheoryData<string>();
        foreach (var v in KyamlFormatVectors.All)
        {
            data.Add(v.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PkgIds))]
    public void Format_SpecVector_MatchesKyaml(string id)
    {
        var v = KyamlFormatVectors.All.Single(x => x.Id == id);
        if (v.Error is not null)
        {
            var ex = Assert.Throws<KrmYamlException>(() => PackageFileFormatter.Format(v.FileName, v.Input, v.Mode == "fn"));
            Assert.Contains(v.Error, ex.Message, StringComparison.Ordinal);
            return;
        }

        var actual = PackageFileFormatter.Format(v.FileName, v.Input, v.Mode == "fn");
        Assert.Equal(v.Output, actual);
    }
}
