#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif

/// CPU time the whole process has used (every thread: in a benchmark, the embedded broker's too).
enum ProcessCPU {
    /// User plus system CPU seconds so far (getrusage).
    static var seconds: Double {
        var usage = rusage()
        #if canImport(Darwin)
        getrusage(RUSAGE_SELF, &usage)
        #else
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
