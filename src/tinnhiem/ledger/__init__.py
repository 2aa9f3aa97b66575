"""The append-only transparency log: RFC 9162 Merkle tree functions and (later) the log."""
