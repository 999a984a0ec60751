import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory figures of this process for the benchmarks' JSON lines.
enum ProcessMemory {
    /// Peak resident set size in MiB (getrusage: KiB on Linux, bytes on macOS).
    static var peakResidentMegabytes: Double {
        #if canImport(Darwin)
        return Double(ProcessUsage.current.ru_maxrss) / 1_048_576
        #else
        return Double(ProcessUsage.current.ru_maxrss) / 1024
        #endif
    }

    /// Current resident set size in MiB (Linux `/proc/self/statm`; 0 where unavailable).
    static var currentResidentMegabytes: Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
