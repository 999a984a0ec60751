import ServiceLifecycle

/// Starts a ``StopDeadline`` when its service group begins to stop (a graceful shutdown signal, or the
/// group's cancellation). Put it last in the group's services: a group stops its services in reverse
/// order, so this one hears of the stop first, starts the countdown, and returns.
public struct StopDeadlineService: Service {
    private let deadline: StopDeadline

    public init(_ deadline: StopDeadline) {
        self.deadline = deadline
    }

    public func run() async {
        try? await gracefulShutdown()  // returns on graceful shutdown, throws on cancellation: both mean stop
        deadline.start()
    }
}
