import Foundation
import Logging
import ProcessShutdown
import ServiceLifecycle

// A program for the stop deadline tests: `stop-deadline-probe GRACE_MS STATUS MODE`, MODE one of
// - `signal-stop`: a ShutdownSignal with the deadline; on the first signal it ends at once with 0;
// - `signal-hang`: the same, but its stop never finishes (a stop stuck in a blocking call);
// - `group-hang`: a ServiceGroup (as the workers, serve and the notifier run) whose service never finishes
//   its graceful shutdown, with a StopDeadlineService last.
// It prints "ready" once the signals are handled, and "stopping" when the stop begins.
let arguments = CommandLine.arguments
guard arguments.count == 4, let graceMilliseconds = Int(arguments[1]), let status = Int32(arguments[2]),
      ["signal-stop", "signal-hang", "group-hang"].contains(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: stop-deadline-probe GRACE_MS STATUS signal-stop|signal-hang|group-hang\n".utf8))
    exit(64)
}
let deadline = StopDeadline(grace: .milliseconds(graceMilliseconds), exitStatus: status, program: "stop-deadline-probe")

func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Blocks its thread for ever, as a hung C call does: no cancellation, no suspension point.
func blockForEver() -> Never {
    while true { sleep(60) }
}

/// Never finishes its graceful shutdown.
struct StuckService: Service {
    func run() async {
        try? await gracefulShutdown()
        say("stopping")
        blockForEver()
    }
}

/// Says "ready" once the group runs (its signal handling is then in place).
struct ReadyService: Service {
    func run() async {
        say("ready")
        try? await gracefulShutdown()
    }
}

if arguments[3] == "group-hang" {
    let logger = Logger(label: "stop-deadline-probe", factory: { _ in SwiftLogNoOpLogHandler() })
    let services: [ServiceGroupConfiguration.ServiceConfiguration] = [
        .init(service: StuckService()), .init(service: ReadyService()), .init(service: StopDeadlineService(deadline)),
    ]
    let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try? await group.run()
    exit(0)
}
let shutdown = await ShutdownSignal.install(stopDeadline: deadline)
say("ready")
_ = await shutdown.wait()
say("stopping")
if arguments[3] == "signal-hang" { blockForEver() }
exit(0)
