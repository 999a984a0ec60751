import AlertNotifier
import Testing

@Suite("Retry policy", .timeLimit(.minutes(3)))
struct RetryPolicyTests {
    @Test("the nominal delay doubles from the initial one up to the cap")
    func doublingWithCap() {
        let policy = RetryPolicy(attempts: 10, initialDelay: .milliseconds(500), maxDelay: .seconds(30))
        #expect((1...8).map { policy.nominalDelay(afterAttempt: $0) } == [
            .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30), .seconds(30),
        ])
        #expect(policy.nominalDelay(afterAttempt: 1000) == .seconds(30))
    }

    @Test("jitter keeps each wait between half the nominal delay and the nominal delay")
    func jitterBounds() {
        let policy = RetryPolicy(attempts: 6, initialDelay: .seconds(1), maxDelay: .seconds(8))
        #expect(policy.delay(afterAttempt: 3, unitRandom: { 0 }) == .seconds(2))
        #expect(policy.delay(afterAttempt: 3, unitRandom: { 0.5 }) == .seconds(3))
        #expect(policy.delay(afterAttempt: 3, unitRandom: { 1 }) == .seconds(4))
        for _ in 0..<100 {
            let delay = policy.delay(afterAttempt: 5)
            #expect(delay >= .seconds(4) && delay <= .seconds(8))
        }
    }

    @Test("at least one attempt, never a negative delay")
    func clamps() {
        let policy = RetryPolicy(attempts: 0, initialDelay: .seconds(-1), maxDelay: .seconds(-5))
        #expect(policy.attempts == 1)
        #expect(policy.delay(afterAttempt: 1) == .zero)
    }
}
