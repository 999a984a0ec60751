/// The wording of fenced partition commits, shared by both stores.
enum PartitionFence {
    /// Why `commit` was refused, given what the store holds for its partition.
    static func describe(_ commit: PartitionCommit, storedEpoch: Int64?, storedNext: Int64?) -> String {
        let name = "\(commit.partition.topic)[\(commit.partition.partition)] of group \(commit.group)"
        guard let storedEpoch else { return "\(name) was never claimed" }
        if storedEpoch != commit.epoch {
            return "\(name) was claimed by another owner (epoch \(storedEpoch), this window's \(commit.epoch))"
        }
        return "\(name) is stored at offset \(storedNext.map(String.init) ?? "none"), "
            + "but the window starts at \(commit.fromOffset.map(String.init) ?? "none")"
    }
}
