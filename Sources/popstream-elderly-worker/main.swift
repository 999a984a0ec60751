import PopStreamCLI

// The elderly worker: consumes its contract topic (see docs/operations.md).
await WorkerCommandLine.main(kind: .elderlyRecord)
