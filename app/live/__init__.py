"""Live sessions: several editors share one map over the Yjs protocol (docs/live-sessions.md)."""
