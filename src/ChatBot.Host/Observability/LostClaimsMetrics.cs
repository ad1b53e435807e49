using System.Globalization;
using System.Text;
using ChatBot.Core.Coordination;

namespace ChatBot.Host.Observability;

/// <summary>Writes refused under lost claims (<see cref="LostClaims"/>) in the Prometheus text format.</summary>
internal static class LostClaimsMetrics
{
    public static string Render(LostClaims lostClaims)
    {
        const string Name = "chatbot_claim_writes_refused_total";
        var text = new StringBuilder()
            .Append("# HELP ").Append(Name).Append(" Writes this worker made under a claim it had lost (another worker took it over, or it ran out by the database clock); the store refused them and the worker stopped.\n")
            .Append("# TYPE ").Append(Name).Append(" counter\n");
        foreach (var (kind, count) in lostClaims.Snapshot())
        {
            text.Append(Name).Append("{claim=\"").Append(kind).Append("\"} ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }
}
