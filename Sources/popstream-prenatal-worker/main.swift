import PopStreamCLI

// The prenatal worker: consumes its contract topic (see docs/operations.md).
await WorkerCommandLine.main(kind: .prenatalScreening)
