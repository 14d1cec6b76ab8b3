"""The headless subcommands: each module prints what an engine function of steps/ or rules/ says."""

EXIT_CANNOT_RUN = 2
"""The command could not run: an unusable plan, a missing secret, bad arguments. (Here, not in
_session, so that the window's command can name it without loading the HTTP client.)"""
