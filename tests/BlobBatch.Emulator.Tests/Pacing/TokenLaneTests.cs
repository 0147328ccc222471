using BlobBatch.Emulator.Pacing;

namespace BlobBatch.Emulator.Tests.Pacing;

/// <summary>The lane's schedule, computed at given times: no sleeping, nothing timed.</summary>
public class TokenLaneTests
{
    private const double Rate = 10;

    [Fact]
    public void ABatchTakesItsTokensOverTheRate()
    {
        var lane = new TokenLane(Rate);
        TokenLane.Entry batch = lane.Enter(1, 100, now: 0);

        Assert.Equal(10, lane.SecondsUntil(batch, 100, now: 0), 6);
        Assert.Equal(4, lane.SecondsUntil(batch, 100, now: 6), 6);
        Assert.Equal(0, lane.SecondsUntil(batch, 100, now: 10));
    }

    [Fact]
    public void OlderBatchesRunFirstAndYoungerOnesWaitForThem()
    {
        var lane = new TokenLane(Rate);
        TokenLane.Entry older = lane.Enter(1, 100, now: 0);
        TokenLane.Entry younger = lane.Enter(2, 50, now: 0);

        Assert.Equal(10, lane.SecondsUntil(older, 100, now: 0), 6);
        Assert.Equal(15, lane.SecondsUntil(younger, 50, now: 0), 6);
        // The younger batch's first line also waits for the whole older batch.
        Assert.Equal(10.5, lane.SecondsUntil(younger, 5, now: 0), 6);
    }

    [Fact]
    public void AnOlderBatchThatJoinsLaterGoesAheadOfWhatIsLeft()
    {
        var lane = new TokenLane(Rate);
        TokenLane.Entry younger = lane.Enter(2, 50, now: 0);
        TokenLane.Entry older = lane.Enter(1, 100, now: 2);

        // By 2 s the younger batch had 20 of its 50 tokens; the older one then takes the lane for 10 s.
        Assert.Equal(10, lane.SecondsUntil(older, 100, now: 2), 6);
        Assert.Equal(13, lane.SecondsUntil(younger, 50, now: 2), 6);
        Assert.Equal(20, younger.Served, 6);
    }

    [Fact]
    public void ABatchThatLeavesFreesTheLane()
    {
        var lane = new TokenLane(Rate);
        TokenLane.Entry cancelled = lane.Enter(1, 1000, now: 0);
        TokenLane.Entry next = lane.Enter(2, 50, now: 0);

        lane.Leave(cancelled, now: 3);

        Assert.Equal(5, lane.SecondsUntil(next, 50, now: 3), 6);
    }

    [Fact]
    public void AnIdleLaneBanksNoTime()
    {
        var lane = new TokenLane(Rate);
        TokenLane.Entry first = lane.Enter(1, 10, now: 0);
        lane.Leave(first, now: 1);

        TokenLane.Entry late = lane.Enter(2, 100, now: 60);

        Assert.Equal(10, lane.SecondsUntil(late, 100, now: 60), 6);
    }

    [Fact]
    public void LinesClaimTheirTokensInTurn()
    {
        var lane = new TokenLane(Rate);
        TokenLane.Entry batch = lane.Enter(1, 30, now: 0);

        double[] targets = [TokenLane.Reserve(batch, 10), TokenLane.Reserve(batch, 10), TokenLane.Reserve(batch, 10)];

        Assert.Equal([10, 20, 30], targets);
        Assert.Equal([1, 2, 3], targets.Select(t => Math.Round(lane.SecondsUntil(batch, t, now: 0), 6)));
    }

    [Fact]
    public void ARateMustBePositive() => Assert.Throws<ArgumentOutOfRangeException>(() => new TokenLane(0));
}
