using System.Buffers;
using System.Diagnostics;
using Injector.Admission;
using Injector.Limits;
using Injector.Tests.Admission;
using Injector.Tests.Support;

namespace Injector.Tests.Limits;

public sealed class WorkBudgetTests
{
    [Fact]
    public void A_caller_gone_stops_the_work_with_OperationCanceledException()
    {
        using var gone = new CancellationTokenSource();
        gone.Cancel();
        var budget = WorkBudget.Until(gone.Token, Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60);
        Assert.Throws<OperationCanceledException>(() => Handle(AdmissionTestData.PodCreate(), budget));
    }

    [Fact]
    public void A_deadline_passed_stops_the_work_with_WorkBudgetExceededException()
    {
        var budget = WorkBudget.Until(CancellationToken.None, Stopwatch.GetTimestamp() - 1);
        Assert.Throws<WorkBudgetExceededException>(() => Handle(AdmissionTestData.PodCreate(), budget));
    }

    [Fact]
    public void Loops_over_the_pods_lists_spend_from_the_budget()
    {
        // 5,000 containers, re-injected (the status lists istio-proxy): the work over them spends (the template's range
        // over the containers, step by step), so a deadline or a caller gone stops it inside a loop, not only between phases.
        var budget = WorkBudget.Until(CancellationToken.None, long.MaxValue - 1);
        Handle(HostileReviews.StatusNamesAgainstContainers(10, 5_000), budget);
        Assert.True(budget.Spent >= 4_000, "spent " + budget.Spent); // about one unit per container
    }

    [Fact]
    public void Spending_looks_at_the_clock_every_256_units()
    {
        var budget = WorkBudget.Until(CancellationToken.None, Stopwatch.GetTimestamp() - 1);
        for (var i = 1; i < 256; i++) budget.Spend();
        Assert.Throws<WorkBudgetExceededException>(budget.Spend);
    }

    [Fact]
    public void Without_a_budget_nothing_ever_stops()
    {
        for (var i = 0; i < 1000; i++) WorkBudget.Unlimited.Spend();
        WorkBudget.Unlimited.Check();
    }

    private static AdmissionResult Handle(byte[] body, WorkBudget budget)
    {
        var route = new AdmissionRoute();
        return AdmissionHandler.Handle(new ReadOnlySequence<byte>(body), in route, AdmissionTestData.Table(), new ArrayBufferWriter<byte>(), budget);
    }
}
