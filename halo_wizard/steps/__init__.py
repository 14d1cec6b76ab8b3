"""The wizard's steps as engine operations (no Qt): each reads both instances, says what it would
write as a list of Changes, writes them, and reads them back. The window and the headless commands
drive the same functions."""
