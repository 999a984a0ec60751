#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif

/// This process's resource usage (getrusage of `RUSAGE_SELF`: every thread, in a benchmark the embedded
/// broker's too), for the benchmarks' JSON lines.
enum ProcessUsage {
    /// The usage so far.
    static var current: rusage {
        var usage = rusage()
        #if canImport(Darwin)
        getrusage(RUSAGE_SELF, &usage)
        #else
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #endif
        return usage
    }
}

/// CPU time the whole process has used.
enum ProcessCPU {
    /// User plus system CPU seconds so far.
    static var seconds: Double {
        let usage = ProcessUsage.current
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
