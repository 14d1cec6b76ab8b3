"""The headless subcommands: each module prints what an engine function of steps/ or rules/ says."""
