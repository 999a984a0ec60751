import Foundation

/// A bound on how long a process may take to stop once it was asked to.
///
/// A graceful stop ends in calls that may block for ever: librdkafka 2.0 can hang in a consumer close or in
/// `rd_kafka_destroy` after a broker went away, for example. An operator's SIGTERM or a user's Ctrl-C must
/// still end the process, so that a restart, a rollout or `make run`'s Ctrl-C leave nothing behind. Once the
/// stop begins (``start()``, called by ``ShutdownSignal`` or ``StopDeadlineService`` when the signal comes),
/// the process has `grace` to end on its own; past it, one line goes to standard error and the process ends
/// with `exitStatus` at once (`_exit`: no further clean-up runs, which is safe because everything PopStream
/// keeps is written in store transactions).
///
/// It never touches signal dispositions: it is started by whatever already receives the signal.
public struct StopDeadline: Sendable {
    /// How long the process may take to stop.
    public let grace: Duration
    /// The status it ends with when the time is up.
    public let exitStatus: Int32
    /// The name the stderr line starts with.
    public let program: String

    /// A deadline of `grace`, ending the process with `exitStatus` and a stderr line naming `program`.
    public init(grace: Duration, exitStatus: Int32, program: String) {
        self.grace = grace
        self.exitStatus = exitStatus
        self.program = program
    }

    /// Starts the countdown on a thread of its own (so that a blocked cooperative pool cannot delay it).
    /// Starting it again changes nothing: the first countdown ends the process.
    public func start() {
        let line = "\(program): did not stop within \(Self.format(grace)) of the signal; exiting now\n"
        let status = exitStatus
        let seconds = Self.seconds(grace)
        let thread = Thread {
            Thread.sleep(forTimeInterval: seconds)
            FileHandle.standardError.write(Data(line.utf8))
            _exit(status)
        }
        thread.name = "popstream.stop-deadline"
        thread.start()
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// "10 s", "0.8 s".
    static func format(_ duration: Duration) -> String {
        let seconds = seconds(duration)
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
