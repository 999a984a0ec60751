import PopStreamCLI

await CommandLineEntry.run()
