namespace Injector.Templates.Functions.Sprig;

/// <summary>
/// Sprig v3.3.0's <c>TxtFuncMap</c>: the families the injector implements, and the names it refuses (with the reason
/// a template that uses one gets when it is parsed).
/// </summary>
internal static class SprigFunctions
{
    public static void Register(FunctionRegistry r)
    {
        StringFunctions.Register(r);
        ListFunctions.Register(r);
        DictFunctions.Register(r);
        DefaultFunctions.Register(r);
        MathFunctions.Register(r);
        EncodingFunctions.Register(r);
        RegexFunctions.Register(r);
        ReflectionFunctions.Register(r);
        PathFunctions.Register(r);

        r.Refuse("it reads the clock or the local time zone",
            "ago", "date", "date_in_zone", "date_modify", "dateInZone", "dateModify", "duration", "durationRound",
            "htmlDate", "htmlDateInZone", "must_date_modify", "mustDateModify", "mustToDate", "now", "toDate", "unixEpoch");
        r.Refuse("its result is random",
            "randAlphaNum", "randAlpha", "randAscii", "randNumeric", "randInt", "randBytes", "shuffle", "uuidv4");
        r.Refuse("it reads the environment of the process", "env", "expandenv");
        r.Refuse("it queries DNS", "getHostByName");
        r.Refuse("it generates keys, certificates or secrets",
            "bcrypt", "htpasswd", "genPrivateKey", "derivePassword", "buildCustomCert", "genCA", "genCAWithKey",
            "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey", "encryptAES", "decryptAES");
        r.Refuse("the injector does not implement it (see docs/templates.md)",
            "wrap", "wrapWith", "snakecase", "camelcase", "kebabcase", "semver", "semverCompare", "urlParse", "urlJoin");
    }
}
