namespace Injector.Kube.StrategicMerge;

/// <summary>A patch apimachinery would refuse (its message, on one line), or a limit of the merge.</summary>
internal sealed class StrategicMergeException : Exception
{
    public StrategicMergeException(string message) : base(message.Replace('\n', ' ').Trim())
    {
    }
}
