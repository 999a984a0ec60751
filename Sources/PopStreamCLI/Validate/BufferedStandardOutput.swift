import Foundation

/// Collects output lines and writes them to standard output in large chunks.
struct BufferedStandardOutput {
    private var buffer: [UInt8] = []
    private let chunkSize = 64 * 1024

    mutating func writeLine(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= chunkSize { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
