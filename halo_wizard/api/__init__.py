"""The Halo API layer: URL derivation, authentication, lists, writes and typed errors (no Qt)."""
