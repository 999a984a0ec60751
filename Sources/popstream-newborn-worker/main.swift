import PopStreamCLI

// The newborn worker: consumes its contract topic (see docs/operations.md).
await WorkerCommandLine.main(kind: .newbornScreening)
