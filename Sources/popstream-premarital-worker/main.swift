import PopStreamCLI

// The premarital worker: consumes its contract topic (see docs/operations.md).
await WorkerCommandLine.main(kind: .premaritalCheckup)
