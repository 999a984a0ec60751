extension Duration {
    /// Whole milliseconds, rounded down, clamped to `Int32` (librdkafka's timeout type).
    var milliseconds: Int32 {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: ms)
    }
}
