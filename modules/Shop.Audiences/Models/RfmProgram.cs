using System.ComponentModel;

namespace Shop.Audiences.Models;

/// <summary>RFM settings (content type <c>rfmProgram</c>): the window of paid orders scored.</summary>
[Description("RFM scoring settings.")]
public sealed class RfmProgram
{
    [Description("Paid orders of the last N days are scored; members without one get no RFM.")]
    public int WindowDays { get; set; } = 365;

    public static RfmProgram Default { get; } = new();
}
