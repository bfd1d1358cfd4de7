namespace Tomte.Tests.Outreach;

/// <summary>
/// The outreach tests that start real SMTP and IMAP servers and the built worker run one at a time: side by side
/// (with the whole outreach set in parallel) the suite hung after the merge of outreach, letters and privacy.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OutreachServers
{
    public const string Name = "Outreach servers";
}
