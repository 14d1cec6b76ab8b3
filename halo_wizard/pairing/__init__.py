"""Two organisations pairing their instances: the pairing code, the sealed files, what they hold."""
